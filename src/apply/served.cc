#include "apply/served.h"

#include <set>

#include "k8s/crd.h"

namespace bg::apply {

namespace {

// "group/version/Kind" of every version a CustomResourceDefinition among `objects` serves.
std::set<std::string> defined_by_crds(const std::vector<manifest::Object>& objects) {
  std::set<std::string> out;
  for (const manifest::Object& o : objects) {
    if (o.kind() != "CustomResourceDefinition") continue;
    k8s::GroupKind defined = k8s::defined_kind(o.body);
    for (const std::string& version : k8s::served_versions(o.body))
      out.insert(defined.group + "/" + version + "/" + defined.kind);
  }
  return out;
}

}  // namespace

Result<std::vector<UnservedKind>> unserved_kinds(Cluster& cluster, const std::vector<manifest::Object>& objects) {
  std::set<std::string> pending = defined_by_crds(objects), asked;
  std::vector<UnservedKind> out;
  for (const manifest::Object& o : objects) {
    ObjectRef ref = ObjectRef::of(o.body);
    std::string key = std::string(ref.group()) + "/" + std::string(k8s::version_of(ref.api_version)) + "/" + ref.kind;
    std::string name = ref.ns.empty() ? ref.name : ref.ns + "/" + ref.name;
    if (pending.count(key)) continue;
    if (asked.insert(key).second) {
      auto served = cluster.serves(ref.api_version, ref.kind);
      if (!served) return served.status();
      if (*served) continue;
      out.push_back({ref.api_version, ref.kind, {}});
    }
    for (UnservedKind& u : out)
      if (u.api_version == ref.api_version && u.kind == ref.kind) u.objects.push_back(name);
  }
  return out;
}

std::string unserved_text(const std::vector<UnservedKind>& unserved) {
  std::string out;
  for (const UnservedKind& u : unserved) {
    out += "  " + u.api_version + " " + u.kind + ":";
    for (std::size_t i = 0; i < u.objects.size(); ++i) out += (i ? ", " : " ") + u.objects[i];
    out += "\n";
  }
  return out;
}

}  // namespace bg::apply
