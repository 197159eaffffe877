// local-storage, storage-class-missing: stateful workloads keep their data on local SSD, through a
// StorageClass that exists.
//
// Betelgeuse's platform is bare metal: data lives on a named node's SSD through local
// PersistentVolumes and a no-provisioner StorageClass. A claim that falls back to the cluster's
// default class, or names a network-storage class, silently leaves that promise. A claim naming a
// class the set does not define stays Pending forever; since a partial set may rely on classes the
// cluster already has, that is only reported when the set defines StorageClasses at all.
#include <iterator>
#include <map>

#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

constexpr std::string_view kLocalProvisioners[] = {
    "kubernetes.io/no-provisioner", "rancher.io/local-path", "openebs.io/local", "local.csi.openebs.io",
    "topolvm.io",                   "lvm.csi.metal-stack.io", "local.storage.openshift.io"};

bool is_local(const StorageClassFact& c) {
  return std::find(std::begin(kLocalProvisioners), std::end(kLocalProvisioners), c.provisioner) !=
         std::end(kLocalProvisioners);
}

}  // namespace

void collect_storage(const ObjectContext& ctx, Inventory& inv) {
  const Subject& s = ctx.subject;
  const std::string& kind = s.kind();
  const std::string_view group = s.id.group();
  const std::string& ns = s.ns();
  const Value* spec = s.spec();

  // The claims a pod template mounts, and a StatefulSet's volumeClaimTemplates.
  if (WorkloadFact* w = inv.pod_fact()) {
    const PodTemplate& t = *ctx.pod;
    const Value* volumes = field(t.spec, "volumes");
    if (is_array(volumes)) {
      for (std::size_t i = 0; i < volumes->items.size(); ++i) {
        std::string_view claim = str(dig(&volumes->items[i], {"persistentVolumeClaim", "claimName"}));
        if (!claim.empty())
          w->claims.push_back({std::string(claim), std::nullopt, false,
                               inv.at(s, t.at({"spec", "volumes", std::to_string(i), "persistentVolumeClaim", "claimName"}))});
      }
    }
    const Value* vcts = field(spec, "volumeClaimTemplates");
    if (kind == "StatefulSet" && is_array(vcts)) {
      for (std::size_t i = 0; i < vcts->items.size(); ++i) {
        const Value& v = vcts->items[i];
        const Value* sc = dig(&v, {"spec", "storageClassName"});
        WorkloadFact::Claim c{std::string(str(dig(&v, {"metadata", "name"}))), std::nullopt, true, {}};
        Path p = {"spec", "volumeClaimTemplates", std::to_string(i)};
        if (sc != nullptr && sc->kind == yaml::NodeKind::kString) {
          c.storage_class = sc->text;
          p.insert(p.end(), {"spec", "storageClassName"});
        }
        c.at = inv.at(s, p);
        w->claims.push_back(std::move(c));
      }
    }
  }

  if (group.empty() && (kind == "PersistentVolumeClaim" || kind == "PersistentVolume")) {
    const Value* sc = field(spec, "storageClassName");
    ClaimFact f{inv.at(s, sc ? Path{"spec", "storageClassName"} : Path{"metadata", "name"}), kind, ns, s.name(),
                std::nullopt};
    if (sc != nullptr && sc->kind == yaml::NodeKind::kString) f.storage_class = sc->text;
    inv.claims.push_back(std::move(f));
  } else if (group == "storage.k8s.io" && kind == "StorageClass") {
    inv.storage_classes.push_back(
        {s.name(), std::string(str(field(s.body, "provisioner"))),
         str(dig(s.metadata(), {"annotations", "storageclass.kubernetes.io/is-default-class"})) == "true"});
  }
}

void storage(const Inventory& inv, SetOut& out) {
  std::map<std::string, const StorageClassFact*> classes;
  const StorageClassFact* default_class = nullptr;
  for (const StorageClassFact& c : inv.storage_classes) {
    classes.emplace(c.name, &c);
    if (c.is_default && default_class == nullptr) default_class = &c;
  }
  std::string defined;
  for (const auto& [name, c] : classes) defined += (defined.empty() ? "" : ", ") + name;
  auto missing = [&](const std::optional<std::string>& sc) {
    return !classes.empty() && sc && !sc->empty() && !classes.count(*sc);
  };

  for (const ClaimFact& c : inv.claims) {
    if (missing(c.storage_class))
      out.add("storage-class-missing", c.at,
              c.kind + " \"" + c.name + "\" names StorageClass \"" + *c.storage_class + "\", which is not in the set",
              "the set defines " + defined);
  }
  std::map<std::string, const ClaimFact*> pvcs;
  for (const ClaimFact& c : inv.claims)
    if (c.kind == "PersistentVolumeClaim") pvcs.emplace(c.ns + "/" + c.name, &c);

  for (const WorkloadFact& w : inv.workloads) {
    for (const WorkloadFact::Claim& claim : w.claims) {
      std::optional<std::string> sc = claim.storage_class;
      if (!claim.from_template) {
        auto it = pvcs.find(w.ns + "/" + claim.name);
        if (it == pvcs.end()) continue;  // the claim is not in the set: nothing to judge
        sc = it->second->storage_class;
      } else if (missing(sc)) {
        out.add("storage-class-missing", claim.at,
                "volumeClaimTemplate \"" + claim.name + "\" of " + w.kind + " \"" + w.name + "\" names StorageClass \"" +
                    *sc + "\", which is not in the set",
                "the set defines " + defined);
        continue;
      }
      std::string who = "claim \"" + claim.name + "\" of " + w.kind + " \"" + w.name + "\"";
      const std::string hint = "use a local-SSD StorageClass (provisioner kubernetes.io/no-provisioner with local "
                               "PersistentVolumes, or a local-path provisioner)";
      if (sc && sc->empty()) continue;  // "": bound by hand to a chosen PersistentVolume
      const StorageClassFact* cls = sc ? (classes.count(*sc) ? classes.at(*sc) : nullptr) : default_class;
      if (!sc && cls == nullptr) {
        out.add("local-storage", claim.at,
                who + " names no StorageClass, so it gets the cluster's default, which may not be local storage", hint);
      } else if (cls != nullptr && !is_local(*cls)) {
        out.add("local-storage", claim.at,
                who + " uses StorageClass \"" + cls->name + "\" (provisioner " + cls->provisioner +
                    "), which is not local storage",
                hint);
      }
    }
  }
}

}  // namespace bg::check::rules
