#include "manifest/object.h"

#include <algorithm>

namespace bg::manifest {

namespace {
std::string string_at(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

std::string Object::api_version() const { return string_at(body, "apiVersion"); }
std::string Object::kind() const { return string_at(body, "kind"); }
std::string Object::ns() const {
  auto it = body.find("metadata");
  return it != body.end() && it->is_object() ? string_at(*it, "namespace") : std::string();
}
std::string Object::name() const {
  auto it = body.find("metadata");
  return it != body.end() && it->is_object() ? string_at(*it, "name") : std::string();
}
k8s::ObjectRef Object::id() const { return k8s::ObjectRef::of(body); }

bool ObjectSet::add(Object o) {
  k8s::ObjectRef id = o.id();
  if (index_.count(id)) {
    duplicates_.push_back(id.identity());
    return false;
  }
  index_.emplace(std::move(id), objects_.size());
  objects_.push_back(std::move(o));
  return true;
}

const Object* ObjectSet::find(const k8s::ObjectRef& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &objects_[it->second];
}

const Object* ObjectSet::find(const k8s::GroupKind& kind, const std::string& ns, const std::string& name) const {
  return find(k8s::ObjectRef{k8s::api_version_of(kind.group, "v1"), kind.kind, ns, name});  // any version compares equal
}

void ObjectSet::sort() {
  // Identities are computed once: building them inside the comparator dominated render time.
  std::vector<std::pair<k8s::ObjectRef, std::size_t>> keys;
  keys.reserve(objects_.size());
  for (std::size_t i = 0; i < objects_.size(); ++i) keys.emplace_back(objects_[i].id(), i);
  std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    const k8s::ObjectRef& ia = a.first;
    const k8s::ObjectRef& ib = b.first;
    bool ca = ia.ns.empty(), cb = ib.ns.empty();
    if (ca != cb) return ca;  // cluster-scoped first
    std::string_view ga = ia.group(), gb = ib.group();
    return std::tie(ia.ns, ia.kind, ga, ia.name) < std::tie(ib.ns, ib.kind, gb, ib.name);
  });
  std::vector<Object> sorted;
  sorted.reserve(objects_.size());
  index_.clear();
  for (auto& [id, i] : keys) {
    index_.emplace(std::move(id), sorted.size());
    sorted.push_back(std::move(objects_[i]));
  }
  objects_ = std::move(sorted);
}

}  // namespace bg::manifest
