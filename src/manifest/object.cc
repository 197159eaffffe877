#include "manifest/object.h"

#include <algorithm>

namespace bg::manifest {

std::string ObjectId::str() const {
  std::string out = group.empty() ? kind : group + "/" + kind;
  out += " ";
  if (!ns.empty()) out += ns + "/";
  return out + name;
}

std::string group_of(std::string_view api_version) {
  std::size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(api_version.substr(0, slash));
}

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
ObjectId Object::id() const { return {group_of(api_version()), kind(), ns(), name()}; }

bool ObjectSet::add(Object o) {
  ObjectId id = o.id();
  if (index_.count(id)) {
    duplicates_.push_back(id.str());
    return false;
  }
  index_.emplace(std::move(id), objects_.size());
  objects_.push_back(std::move(o));
  return true;
}

const Object* ObjectSet::find(const ObjectId& id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &objects_[it->second];
}

void ObjectSet::sort() {
  // Identities are computed once: building them inside the comparator dominated render time.
  std::vector<std::pair<ObjectId, std::size_t>> keys;
  keys.reserve(objects_.size());
  for (std::size_t i = 0; i < objects_.size(); ++i) keys.emplace_back(objects_[i].id(), i);
  std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    const ObjectId& ia = a.first;
    const ObjectId& ib = b.first;
    bool ca = ia.ns.empty(), cb = ib.ns.empty();
    if (ca != cb) return ca;  // cluster-scoped first
    return std::tie(ia.ns, ia.kind, ia.group, ia.name) < std::tie(ib.ns, ib.kind, ib.group, ib.name);
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
