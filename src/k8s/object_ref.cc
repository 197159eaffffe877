#include "k8s/object_ref.h"

#include <tuple>

#include "k8s/json_view.h"

namespace bg::k8s {

ObjectRef ObjectRef::of(const nlohmann::json& o) {
  JsonView object(o);
  return {object["apiVersion"].str(), object["kind"].str(), object["metadata"]["namespace"].str(),
          object["metadata"]["name"].str()};
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
