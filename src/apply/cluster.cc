#include "apply/cluster.h"

namespace bg::apply {

ObjectRef ObjectRef::of(const nlohmann::json& o) {
  ObjectRef r;
  if (!o.is_object()) return r;
  r.api_version = o.value("apiVersion", "");
  r.kind = o.value("kind", "");
  if (o.contains("metadata") && o["metadata"].is_object()) {
    r.ns = o["metadata"].value("namespace", "");
    r.name = o["metadata"].value("name", "");
  }
  return r;
}

std::string ObjectRef::str() const { return api_version + " " + kind + " " + (ns.empty() ? name : ns + "/" + name); }


}  // namespace bg::apply
