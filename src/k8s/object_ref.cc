#include "k8s/object_ref.h"

#include <tuple>

namespace bg::k8s {
namespace {

std::string string_at(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ObjectRef ObjectRef::of(const nlohmann::json& o) {
  ObjectRef r;
  if (!o.is_object()) return r;
  r.api_version = string_at(o, "apiVersion");
  r.kind = string_at(o, "kind");
  if (auto meta = o.find("metadata"); meta != o.end() && meta->is_object()) {
    r.ns = string_at(*meta, "namespace");
    r.name = string_at(*meta, "name");
  }
  return r;
}

std::string ObjectRef::str() const { return api_version + " " + kind + " " + (ns.empty() ? name : ns + "/" + name); }

std::string ObjectRef::identity() const {
  std::string out = group().empty() ? kind : std::string(group()) + "/" + kind;
  out += " ";
  if (!ns.empty()) out += ns + "/";
  return out + name;
}

std::strong_ordering operator<=>(const ObjectRef& a, const ObjectRef& b) {
  std::string_view ga = a.group(), gb = b.group();
  return std::tie(ga, a.kind, a.ns, a.name) <=> std::tie(gb, b.kind, b.ns, b.name);
}

}  // namespace bg::k8s
