#include "testing/testserver/patch.h"

#include <algorithm>

namespace bg::testserver {

using nlohmann::json;

namespace {

using Path = std::vector<std::string>;

json merge(const json& target, const json& patch, Path& path, const ListTypes& lists);

// A map list merges element by element on its merge key, which for the kinds served here is the
// first of the schema's list-map-keys (containers: name, ports: containerPort, volumeMounts:
// mountPath); an element with `$patch: delete` is removed.
json merge_map_list(const json& target, const json& patch, const std::string& key, Path& path, const ListTypes& lists) {
  json out = target.is_array() ? target : json::array();
  for (const json& p : patch) {
    if (!p.is_object() || !p.contains(key)) {
      out.push_back(p);
      continue;
    }
    auto it = std::find_if(out.begin(), out.end(), [&](const json& e) { return e.is_object() && e.value(key, json()) == p[key]; });
    if (p.value("$patch", "") == "delete") {
      if (it != out.end()) out.erase(it);
      continue;
    }
    path.push_back("k:");  // any element: only the pattern matters below
    if (it != out.end()) *it = merge(*it, p, path, lists);
    else out.push_back(merge(json::object(), p, path, lists));
    path.pop_back();
  }
  return out;
}

json merge_set(const json& target, const json& patch) {
  json out = target.is_array() ? target : json::array();
  for (const json& v : patch)
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}

json merge(const json& target, const json& patch, Path& path, const ListTypes& lists) {
  if (!patch.is_object()) return patch;
  if (patch.value("$patch", "") == "replace") {
    json copy = patch;
    copy.erase("$patch");
    return copy;
  }
  json out = target.is_object() ? target : json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& k = it.key();
    if (k.rfind("$setElementOrder/", 0) == 0 || k == "$retainKeys" || k == "$patch") continue;
    if (k.rfind("$deleteFromPrimitiveList/", 0) == 0) {
      std::string field = k.substr(std::string("$deleteFromPrimitiveList/").size());
      if (out.contains(field) && out[field].is_array()) {
        json kept = json::array();
        for (const json& v : out[field])
          if (std::find(it.value().begin(), it.value().end(), v) == it.value().end()) kept.push_back(v);
        out[field] = kept;
      }
      continue;
    }
    path.push_back(k);
    const ListType type = lists.at(path);
    const json current = out.contains(k) ? out[k] : json();
    if (it.value().is_null()) {
      out.erase(k);
    } else if (it.value().is_object()) {
      out[k] = merge(current.is_null() ? json::object() : current, it.value(), path, lists);
    } else if (it.value().is_array() && type.kind == ListType::Kind::map && !type.keys.empty()) {
      out[k] = merge_map_list(current, it.value(), type.keys.front(), path, lists);
    } else if (it.value().is_array() && type.kind == ListType::Kind::set) {
      out[k] = merge_set(current, it.value());
    } else {
      out[k] = it.value();
    }
    path.pop_back();
  }
  return out;
}

}  // namespace

json strategic_merge(const json& target, const json& patch, const ListTypes& lists) {
  Path path;
  return merge(target, patch, path, lists);
}

std::optional<json> apply_patch(const json& target, const std::string& content_type, const std::string& body,
                                const ListTypes& lists, std::string& error) {
  json patch = json::parse(body, nullptr, false);
  if (patch.is_discarded()) {
    error = "the body of the request was in an unknown format";
    return std::nullopt;
  }
  std::string ct = content_type.substr(0, content_type.find(';'));
  if (ct == "application/json-patch+json") {
    try {
      return target.patch(patch);
    } catch (const json::exception& e) {
      error = e.what();
      return std::nullopt;
    }
  }
  if (!patch.is_object()) {
    error = "the patch is not an object";
    return std::nullopt;
  }
  if (ct == "application/merge-patch+json") {
    json out = target;
    out.merge_patch(patch);
    return out;
  }
  if (ct == "application/strategic-merge-patch+json") return strategic_merge(target, patch, lists);
  error = "the content type \"" + content_type + "\" is not a patch type this server supports";
  return std::nullopt;
}

}  // namespace bg::testserver
