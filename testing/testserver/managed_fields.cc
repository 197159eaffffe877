#include "testing/testserver/managed_fields.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <variant>

#include "k8s/server_fields.h"

namespace bg::testserver {
namespace {

using nlohmann::json;

// Metadata no manager owns: the server's own (k8s/server_fields.h) and the identity.
bool unowned_metadata(const std::string& key) {
  return k8s::is_server_owned_metadata(key) || key == "name" || key == "namespace";
}

// The segments naming every element of `list`, or nullopt when it is owned whole: an atomic list,
// an empty one, or one with an element that cannot be identified.
std::optional<std::vector<std::string>> element_segments(const json& list, const ListType& type) {
  if (!list.is_array() || list.empty()) return std::nullopt;
  std::vector<std::string> out;
  for (const json& e : list) {
    auto seg = element_segment(e, type);
    if (!seg) return std::nullopt;
    out.push_back(*seg);
  }
  return out;
}

void collect(const json& node, FieldPath& prefix, FieldSet& out, const ListTypes& lists) {
  if (node.is_object() && !node.empty()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      prefix.push_back(it.key());
      collect(it.value(), prefix, out, lists);
      prefix.pop_back();
    }
    return;
  }
  const ListType type = node.is_array() ? lists.at(prefix) : ListType{};
  auto segments = element_segments(node, type);
  if (!segments) {
    out.insert(prefix);
    return;
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    prefix.push_back((*segments)[i]);
    if (type.kind == ListType::Kind::set) out.insert(prefix);  // a member is a leaf
    else collect(node[i], prefix, out, lists);
    prefix.pop_back();
  }
}

json* child(json& node, const std::string& seg) {
  if (is_element_segment(seg) && node.is_array()) {
    for (json& e : node)
      if (element_matches(e, seg)) return &e;
    return nullptr;
  }
  if (!node.is_object() || !node.contains(seg)) return nullptr;
  return &node[seg];
}

const json* at(const json& root, const FieldPath& path) {
  const json* cur = &root;
  for (const std::string& k : path) {
    cur = child(const_cast<json&>(*cur), k);
    if (!cur) return nullptr;
  }
  return cur;
}

void remove_child(json& parent, const std::string& seg) {
  if (is_element_segment(seg) && parent.is_array()) {
    for (auto it = parent.begin(); it != parent.end(); ++it)
      if (element_matches(*it, seg)) {
        parent.erase(it);
        return;
      }
  } else if (parent.is_object()) {
    parent.erase(seg);
  }
}

// Removes what `path` names and the maps and lists that removal leaves empty, as the real merge
// does for fields nobody owns any more.
void erase(json& root, const FieldPath& path) {
  std::vector<json*> chain = {&root};
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    json* next = child(*chain.back(), path[i]);
    if (!next) return;
    chain.push_back(next);
  }
  remove_child(*chain.back(), path.back());
  for (std::size_t i = chain.size(); i-- > 1;) {
    if (!chain[i]->empty()) break;
    json& parent = *chain[i - 1];
    if (parent.is_array()) {  // an emptied element no longer carries its key: remove it by identity
      for (auto it = parent.begin(); it != parent.end(); ++it)
        if (&*it == chain[i]) {
          parent.erase(it);
          break;
        }
    } else {
      remove_child(parent, path[i - 1]);
    }
  }
}

// Takes away a field the applier no longer applies. An element of a list goes as a whole once no
// manager owns anything in it; until then its key fields stay, for they are what names it.
void release(json& root, const FieldPath& path, const std::function<bool(const FieldPath&)>& owned_below) {
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (!is_element_segment(path[i])) continue;
    FieldPath element(path.begin(), path.begin() + static_cast<long>(i) + 1);
    if (!owned_below(element)) return erase(root, element);
  }
  if (path.size() >= 2 && is_key_field(path[path.size() - 2], path.back())) return;
  erase(root, path);
}

bool empty_container(const json* v) { return v && (v->is_object() || v->is_array()) && v->empty(); }

void merge_into(json& target, const json& patch, FieldPath& path, const ListTypes& lists) {
  if (patch.is_array() && target.is_array()) {
    const ListType type = lists.at(path);
    if (patch.empty() && element_segments(target, type)) return;  // owns no element of it
    auto segments = element_segments(patch, type);
    auto live_segments = segments ? element_segments(target, type) : std::nullopt;
    if (segments && live_segments) {
      // The applied order wins (structured-merge-diff since kubernetes 1.23): elements only live
      // has keep their place, the applied ones follow the applier's order, each merged with its
      // live counterpart.
      std::set<std::string> applied(segments->begin(), segments->end()), emitted;
      json out = json::array();
      auto emit_applied = [&](std::size_t r) {
        json merged = patch[r];
        if (json* mine = child(target, (*segments)[r])) {
          merged = *mine;
          path.push_back((*segments)[r]);
          merge_into(merged, patch[r], path, lists);
          path.pop_back();
        }
        out.push_back(std::move(merged));
        emitted.insert((*segments)[r]);
      };
      std::size_t l = 0, r = 0;
      while (l < target.size() || r < patch.size()) {
        if (l < target.size() && emitted.count((*live_segments)[l])) {
          ++l;
        } else if (l < target.size() && !applied.count((*live_segments)[l])) {
          out.push_back(target[l++]);
        } else if (r < patch.size()) {
          emit_applied(r++);
        } else {
          ++l;
        }
      }
      target = std::move(out);
      return;
    }
  }
  if (!patch.is_object() || !target.is_object()) {
    target = patch;
    return;
  }
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (target.contains(it.key()) && (it.value().is_object() || it.value().is_array())) {
      path.push_back(it.key());
      merge_into(target[it.key()], it.value(), path, lists);
      path.pop_back();
    } else {
      target[it.key()] = it.value();
    }
  }
}

bool related(const FieldPath& a, const FieldPath& b) {  // one is a prefix of the other
  std::size_t n = std::min(a.size(), b.size());
  return std::equal(a.begin(), a.begin() + static_cast<long>(n), b.begin());
}

struct Entry {
  json raw;
  FieldSet fields;
};

std::vector<Entry> entries_of(const json& object) {
  std::vector<Entry> out;
  const json* mf = object.is_object() ? at(object, {"metadata", "managedFields"}) : nullptr;
  if (!mf || !mf->is_array()) return out;
  for (const json& e : *mf) out.push_back({e, from_fields_v1(e.value("fieldsV1", json::object()))});
  return out;
}

void write_entries(json& object, std::vector<Entry>& entries) {
  json arr = json::array();
  for (Entry& e : entries) {
    if (e.fields.empty()) continue;  // a manager that owns nothing is forgotten
    e.raw["fieldsV1"] = to_fields_v1(e.fields);
    arr.push_back(e.raw);
  }
  object["metadata"]["managedFields"] = arr;
}

Entry& entry_for(std::vector<Entry>& entries, const std::string& manager, const std::string& operation,
                 const std::string& api_version, const std::string& now) {
  for (Entry& e : entries)
    if (e.raw.value("manager", "") == manager && e.raw.value("operation", "") == operation) {
      e.raw["time"] = now;
      return e;
    }
  entries.push_back({json{{"manager", manager},
                          {"operation", operation},
                          {"apiVersion", api_version},
                          {"time", now},
                          {"fieldsType", "FieldsV1"}},
                     {}});
  return entries.back();
}

}  // namespace

FieldSet leaf_fields(const json& object, const ListTypes& lists, bool include_status) {
  FieldSet out;
  if (!object.is_object()) return out;
  FieldPath prefix;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& k = it.key();
    if (k == "apiVersion" || k == "kind" || (k == "status" && !include_status)) continue;
    if (k == "metadata" && it.value().is_object()) {
      for (auto m = it.value().begin(); m != it.value().end(); ++m) {
        if (unowned_metadata(m.key())) continue;
        prefix = {"metadata", m.key()};
        collect(m.value(), prefix, out, lists);
      }
      continue;
    }
    prefix = {k};
    collect(it.value(), prefix, out, lists);
  }
  return out;
}

json to_fields_v1(const FieldSet& fields) {
  json root = json::object();
  for (const FieldPath& p : fields) {
    json* cur = &root;
    for (const std::string& k : p) cur = &(*cur)[is_element_segment(k) ? k : "f:" + k];
    if (cur->is_null()) *cur = json::object();
  }
  return root;
}

FieldSet from_fields_v1(const json& fields_v1) {
  FieldSet out;
  std::function<void(const json&, FieldPath&)> walk = [&](const json& node, FieldPath& prefix) {
    bool has_child = false;
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        bool field = it.key().rfind("f:", 0) == 0;
        if (!field && !is_element_segment(it.key())) continue;  // ".", "i:" are not modelled
        has_child = true;
        prefix.push_back(field ? it.key().substr(2) : it.key());
        walk(it.value(), prefix);
        prefix.pop_back();
      }
    }
    if (!has_child && !prefix.empty()) out.insert(prefix);
  };
  FieldPath prefix;
  walk(fields_v1, prefix);
  return out;
}

std::string field_text(const FieldPath& path) {
  std::string s;
  for (const std::string& k : path) s += is_element_segment(k) ? element_text(k) : "." + k;
  return s;
}

void record_update(const json& before, json& after, const std::string& manager, const std::string& now,
                   const ListTypes& lists) {
  std::vector<Entry> entries = entries_of(after.is_object() && after.contains("metadata") ? after : before);
  FieldSet changed;
  for (const FieldPath& p : leaf_fields(after, lists)) {
    const json* old = before.is_null() ? nullptr : at(before, p);
    if (!old || *old != *at(after, p)) changed.insert(p);
  }
  if (changed.empty() && !before.is_null()) {
    write_entries(after, entries);
    return;
  }
  for (Entry& e : entries)
    for (const FieldPath& p : changed) e.fields.erase(p);
  Entry& mine = entry_for(entries, manager, "Update", after.value("apiVersion", ""), now);
  mine.fields.insert(changed.begin(), changed.end());
  write_entries(after, entries);
}

std::variant<json, ApiError> server_side_apply(const json& live, const json& applied, const ApplyRequest& req) {
  const FieldSet wanted = leaf_fields(applied, req.lists);
  std::vector<Entry> entries = entries_of(live);
  const json empty = json::object();
  const json& base = live.is_null() ? empty : live;

  // Conflicts: a field another manager owns whose value this apply would change.
  std::map<std::string, std::vector<FieldPath>> conflicts;  // manager -> fields
  for (Entry& e : entries) {
    std::string m = e.raw.value("manager", "");
    if (m == req.manager && e.raw.value("operation", "") == "Apply") continue;
    for (const FieldPath& owned : e.fields)
      for (const FieldPath& w : wanted) {
        if (!related(owned, w)) continue;
        const FieldPath& p = owned.size() <= w.size() ? owned : w;
        const json* have = at(base, p);
        const json* want = at(applied, p);
        // Owning an empty map or list is owning the container, not what others put inside it.
        if (owned != w && (empty_container(have) || empty_container(want))) continue;
        if (have && want && *have != *want) conflicts[m].push_back(owned);
      }
  }
  if (!conflicts.empty() && !req.force) {
    // Worded like the API server: "Apply failed with 1 conflict: conflict with \"m\": .data.key".
    std::size_t n = 0;
    std::string list;
    json causes = json::array();
    for (const auto& [m, paths] : conflicts) {
      FieldSet unique(paths.begin(), paths.end());
      list += (list.empty() ? "" : "\n") + std::string(unique.size() == 1 ? "conflict" : "conflicts") + " with \"" + m +
              "\":";
      for (const FieldPath& p : unique) {
        ++n;
        list += unique.size() == 1 ? " " + field_text(p) : "\n- " + field_text(p);
        causes.push_back({{"type", "FieldManagerConflict"},
                          {"message", "conflict with \"" + m + "\""},
                          {"field", field_text(p)}});
      }
    }
    std::string message = "Apply failed with " + std::to_string(n) + (n == 1 ? " conflict: " : " conflicts: ") + list;
    const json& meta = applied.value("metadata", json::object());
    return ApiError{409, "Conflict", message,
                    {{"name", meta.value("name", "")}, {"kind", req.resource}, {"causes", causes}}};
  }
  for (Entry& e : entries) {
    if (e.raw.value("manager", "") == req.manager && e.raw.value("operation", "") == "Apply") continue;
    auto it = conflicts.find(e.raw.value("manager", ""));
    if (it != conflicts.end())
      for (const FieldPath& p : it->second) e.fields.erase(p);
  }

  json out = base;
  // Fields this manager applied before and no longer applies go away, unless someone else owns them.
  Entry& mine = entry_for(entries, req.manager, "Apply", applied.value("apiVersion", ""), req.now);
  auto owned_below = [&](const FieldPath& prefix) {  // by anyone, counting what this apply wants
    auto under = [&](const FieldSet& fs) {
      auto it = fs.lower_bound(prefix);
      return it != fs.end() && related(*it, prefix) && it->size() >= prefix.size();
    };
    if (under(wanted)) return true;
    for (const Entry& e : entries)
      if (&e != &mine && under(e.fields)) return true;
    return false;
  };
  for (const FieldPath& old : mine.fields) {
    if (wanted.count(old)) continue;
    bool shared = false;
    for (const Entry& e : entries)
      if (&e != &mine && e.fields.count(old)) shared = true;
    if (!shared) release(out, old, owned_below);
  }
  json body = applied;
  k8s::strip_server_metadata(body);
  body.erase("status");
  FieldPath root;
  merge_into(out, body, root, req.lists);
  mine.fields = wanted;
  write_entries(out, entries);
  return out;
}

}  // namespace bg::testserver
