#include "testing/testserver/store.h"

#include <openssl/rand.h>

#include <algorithm>
#include <ctime>

namespace bg::testserver {

using nlohmann::json;

std::string new_uid() {
  unsigned char b[16];
  RAND_bytes(b, sizeof b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += hex[b[i] >> 4];
    s += hex[b[i] & 15];
  }
  return s;
}

Store::Store(Now now) : now_(now ? std::move(now) : Now([] { return std::chrono::system_clock::now(); })) {}

std::string Store::timestamp() const {
  std::time_t t = std::chrono::system_clock::to_time_t(now_());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

const json* Store::get_locked(const ResourceType& rt, const std::string& ns, const std::string& name) const {
  auto r = objects_.find(rt.group_resource());
  if (r == objects_.end()) return nullptr;
  auto o = r->second.find(key(rt.namespaced ? ns : "", name));
  return o == r->second.end() ? nullptr : &o->second;
}

std::vector<const json*> Store::list_locked(const ResourceType& rt, const std::string& ns) const {
  std::vector<const json*> out;
  auto r = objects_.find(rt.group_resource());
  if (r == objects_.end()) return out;
  for (const auto& [k, obj] : r->second)
    if (ns.empty() || !rt.namespaced || k.compare(0, ns.size() + 1, ns + "/") == 0) out.push_back(&obj);
  return out;
}

std::vector<const json*> Store::all_locked() const {
  std::vector<const json*> out;
  for (const auto& [resource, bucket] : objects_)
    for (const auto& [k, obj] : bucket) out.push_back(&obj);
  return out;
}

void Store::record_locked(const ResourceType& rt, const std::string& type, const json& obj, const json& previous) {
  events_.push_back({rv_, rt.group_resource(), type, obj, previous});
  while (events_.size() > capacity_) {
    compacted_rv_ = events_.front().rv;
    events_.pop_front();
  }
  changed.notify_all();
}

int64_t Store::oldest_resumable_locked() const { return compacted_rv_; }

json Store::store_locked(const ResourceType& rt, json object) { return write_locked(rt, std::move(object), true); }

json Store::seed_locked(const ResourceType& rt, json object) { return write_locked(rt, std::move(object), false); }

json Store::write_locked(const ResourceType& rt, json object, bool hooks) {
  const json& meta = object["metadata"];
  std::string ns = rt.namespaced ? meta.value("namespace", "") : "";
  std::string name = meta.value("name", "");
  auto& bucket = objects_[rt.group_resource()];
  auto it = bucket.find(key(ns, name));
  json previous = it == bucket.end() ? json() : it->second;
  object["metadata"]["resourceVersion"] = std::to_string(++rv_);
  bucket[key(ns, name)] = object;
  record_locked(rt, previous.is_null() ? "ADDED" : "MODIFIED", object, previous);
  if (hooks)
    for (auto& hook : on_store) hook(rt, object);
  // An update that removed the last finalizer of an object being deleted completes the delete.
  const json& m = object["metadata"];
  if (m.contains("deletionTimestamp") && m.value("finalizers", json::array()).empty() &&
      !(rt.kind == "Namespace" && !object.value("spec", json::object()).value("finalizers", json::array()).empty()))
    remove_locked(rt, ns, name, "Background");
  return object;
}

json Store::delete_locked(const ResourceType& rt, const std::string& ns, const std::string& name,
                            const std::string& propagation) {
  const json* found = get_locked(rt, ns, name);
  if (!found) return json();
  json obj = *found;
  if (rt.kind == "Namespace") {
    // The namespace turns Terminating, its objects go, and it disappears once it is empty.
    if (!obj["metadata"].contains("deletionTimestamp")) {
      obj["metadata"]["deletionTimestamp"] = timestamp();
      obj["status"]["phase"] = "Terminating";
      obj = store_locked(rt, obj);
    }
    for (const ResourceType& t : registry.all()) {
      if (!t.namespaced) continue;
      std::vector<std::string> names;
      for (const json* o : list_locked(t, name)) names.push_back((*o)["metadata"].value("name", ""));
      for (const std::string& n : names) delete_locked(t, name, n, "Background");
    }
    finish_namespace_locked(name);
    return obj;
  }
  // Orphaning happens at once, as the garbage collector does behind its `orphan` finalizer, so the
  // dependents are free even while other finalizers hold the owner.
  if (propagation == "Orphan") orphan_dependents_locked(obj);
  if (propagation == "Foreground") return delete_foreground_locked(rt, obj);
  if (!obj["metadata"].value("finalizers", json::array()).empty()) return mark_deleted_locked(rt, obj);
  remove_locked(rt, ns, name, propagation);
  return obj;
}

json Store::mark_deleted_locked(const ResourceType& rt, json obj) {
  if (obj["metadata"].contains("deletionTimestamp")) return obj;
  obj["metadata"]["deletionTimestamp"] = timestamp();
  obj["metadata"]["deletionGracePeriodSeconds"] = 0;
  return store_locked(rt, obj);
}

// The API server marks the owner (deletionTimestamp and the foregroundDeletion finalizer); the
// garbage collector deletes its dependents, in the foreground too, and drops the finalizer once no
// dependent with blockOwnerDeletion is left. Here the collector's work happens within the request,
// so a dependent held by a finalizer of its own is what keeps the owner visible while it waits.
json Store::delete_foreground_locked(const ResourceType& rt, json obj) {
  json& finalizers = obj["metadata"]["finalizers"];
  if (!finalizers.is_array()) finalizers = json::array();
  const bool added = std::find(finalizers.begin(), finalizers.end(), kForegroundDeletion) == finalizers.end();
  if (added) finalizers.push_back(kForegroundDeletion);
  json marked = !obj["metadata"].contains("deletionTimestamp") ? mark_deleted_locked(rt, obj)
                : added                                      ? store_locked(rt, obj)
                                                             : obj;
  for (auto& [t, d] : dependents_locked(marked))
    delete_locked(t, d["metadata"].value("namespace", ""), d["metadata"].value("name", ""), "Foreground");
  release_foreground_locked(rt, marked);
  return marked;
}

void Store::release_foreground_locked(const ResourceType& rt, const json& owner) {
  const json& meta = owner["metadata"];
  const json* live = get_locked(rt, meta.value("namespace", ""), meta.value("name", ""));
  if (!live || (*live)["metadata"].value("uid", "") != meta.value("uid", "")) return;
  json obj = *live;
  json& finalizers = obj["metadata"]["finalizers"];
  if (!finalizers.is_array() || std::find(finalizers.begin(), finalizers.end(), kForegroundDeletion) == finalizers.end())
    return;
  for (auto& [t, d] : dependents_locked(obj))
    for (const json& ref : d["metadata"]["ownerReferences"])
      if (ref.value("uid", "") == obj["metadata"].value("uid", "") && ref.value("blockOwnerDeletion", false)) return;
  finalizers.erase(std::find(finalizers.begin(), finalizers.end(), kForegroundDeletion));
  store_locked(rt, obj);  // removes the owner when no other finalizer is left
}

void Store::orphan_dependents_locked(const json& owner) {
  std::string uid = owner["metadata"].value("uid", "");
  for (auto& [t, d] : dependents_locked(owner)) {
    json refs = json::array();
    for (const json& ref : d["metadata"]["ownerReferences"])
      if (ref.value("uid", "") != uid) refs.push_back(ref);
    d["metadata"]["ownerReferences"] = refs;
    if (refs.empty()) d["metadata"].erase("ownerReferences");
    store_locked(t, d);
  }
}

std::vector<std::pair<ResourceType, json>> Store::dependents_locked(const json& owner) const {
  std::vector<std::pair<ResourceType, json>> out;
  const std::string uid = owner["metadata"].value("uid", "");
  const std::string ns = owner["metadata"].value("namespace", "");  // "" for a cluster-scoped owner: any namespace
  for (const ResourceType& t : registry.all())
    for (const json* o : list_locked(t, ns))
      for (const json& ref : (*o)["metadata"].value("ownerReferences", json::array()))
        if (ref.value("uid", "") == uid) {
          out.push_back({t, *o});
          break;
        }
  return out;
}

// A dependent is gone: an owner waiting in the foreground for it may go now.
void Store::release_owners_locked(const json& dependent) {
  for (const json& ref : dependent["metadata"].value("ownerReferences", json::array())) {
    const ResourceType* t = registry.find_kind(ref.value("apiVersion", ""), ref.value("kind", ""));
    if (!t) continue;
    const json* owner = get_locked(*t, dependent["metadata"].value("namespace", ""), ref.value("name", ""));
    if (owner && (*owner)["metadata"].value("uid", "") == ref.value("uid", "")) release_foreground_locked(*t, *owner);
  }
}

void Store::remove_locked(const ResourceType& rt, const std::string& ns, const std::string& name,
                            const std::string& propagation) {
  auto& bucket = objects_[rt.group_resource()];
  auto it = bucket.find(key(rt.namespaced ? ns : "", name));
  if (it == bucket.end()) return;
  json obj = std::move(it->second);
  bucket.erase(it);
  ++rv_;
  obj["metadata"]["resourceVersion"] = std::to_string(rv_);
  record_locked(rt, "DELETED", obj, json());
  std::string uid = obj["metadata"].value("uid", "");

  if (rt.kind == "CustomResourceDefinition") {
    std::string crd = obj["metadata"].value("name", "");
    for (const ResourceType& t : registry.all()) {
      if (!t.from_crd || t.plural + "." + t.group != crd) continue;
      std::vector<std::pair<std::string, std::string>> doomed;
      for (const json* o : list_locked(t, ""))
        doomed.push_back({(*o)["metadata"].value("namespace", ""), (*o)["metadata"].value("name", "")});
      for (const auto& [dns, dn] : doomed) remove_locked(t, dns, dn, "Background");
    }
    registry.remove_crd(crd);
  }

  // Garbage collection: dependents that name the removed object as an owner.
  if (propagation == "Orphan") orphan_dependents_locked(obj);
  for (auto& [t, d] : dependents_locked(obj))
    delete_locked(t, d["metadata"].value("namespace", ""), d["metadata"].value("name", ""), propagation);
  release_owners_locked(obj);
  if (rt.namespaced) finish_namespace_locked(ns);
}

void Store::finish_namespace_locked(const std::string& ns) {
  const ResourceType* nst = registry.find("", "v1", "namespaces");
  const json* nsobj = nst ? get_locked(*nst, "", ns) : nullptr;
  if (!nsobj || !(*nsobj)["metadata"].contains("deletionTimestamp")) return;
  for (const ResourceType& t : registry.all())
    if (t.namespaced && !list_locked(t, ns).empty()) return;
  remove_locked(*nst, "", ns, "Background");
}

}  // namespace bg::testserver
