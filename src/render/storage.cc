// The storage trait: stateful components keep their data on a named node's local SSD.
//
// One StorageClass with no provisioner and WaitForFirstConsumer (so the scheduler weighs every pod
// constraint before binding), and per stateful component one local PersistentVolume with the
// mandatory nodeAffinity, pre-bound through claimRef to the claim its StatefulSet will create.
// Reclaim policy is Retain everywhere: deleting a claim never deletes data.
#include "render/context.h"

namespace bg::render {

void render_storage_class(const RenderContext& ctx) {
  bool any = false;
  for (const platform::Component& c : ctx.platform.components) any |= c.placement.has_value();
  if (!any) return;
  ctx.add({{"apiVersion", "storage.k8s.io/v1"}, {"kind", "StorageClass"}, {"metadata", meta(kStorageClass, "")},
           {"provisioner", "kubernetes.io/no-provisioner"}, {"volumeBindingMode", "WaitForFirstConsumer"},
           {"reclaimPolicy", "Retain"}},
          nullptr, "storage");
}

void render_storage(const RenderContext& ctx, const platform::Component& c) {
  if (!c.placement) return;
  const platform::Placement& pl = *c.placement;
  Json affinity = {{"required",
                    {{"nodeSelectorTerms",
                      Json::array({{{"matchExpressions",
                                     Json::array({{{"key", "kubernetes.io/hostname"},
                                                   {"operator", "In"},
                                                   {"values", Json::array({pl.node})}}})}}})}}}};
  ctx.add({{"apiVersion", "v1"},
           {"kind", "PersistentVolume"},
           {"metadata", meta(c.ns + "-" + c.name + "-data", "")},
           {"spec",
            {{"capacity", {{"storage", c.storage_size}}},
             {"volumeMode", "Filesystem"},
             {"accessModes", Json::array({"ReadWriteOnce"})},
             {"persistentVolumeReclaimPolicy", "Retain"},
             {"storageClassName", kStorageClass},
             {"local", {{"path", pl.host_path}}},
             {"claimRef", {{"namespace", c.ns}, {"name", data_claim_name(c)}}},
             {"nodeAffinity", affinity}}}},
          &c, "storage");
}

}  // namespace bg::render
