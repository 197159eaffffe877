#include "apply/destroy.h"

#include "k8s/server_fields.h"

namespace bg::apply {

Result<DestroySummary> destroy_platform(Cluster& cluster, const ApplySetParent& parent, bool delete_data, const EventSink& sink) {
  ObjectRef parent_ref{k8s::api_version_of(parent.group, "v1"), parent.kind, parent.ns, parent.name};
  auto live = cluster.get(parent_ref);
  if (!live) return live.status();
  DestroySummary summary;
  if (live->is_null()) return summary;  // nothing was ever applied, or it is already gone
  summary.found_parent = true;
  int kept = 0;
  EventSink counting = [&](const ApplyEvent& e) {
    kept += e.kind == ApplyEvent::Kind::kKept;
    if (sink) sink(e);
  };
  auto pruned = prune_applyset(cluster, applyset_id(parent), scope_of(*live), {}, delete_data, counting);
  if (!pruned) return pruned.status();
  summary.deleted = pruned->pruned;
  summary.kept = kept;
  if (kept == 0) {
    if (Status s = cluster.remove(parent_ref, Propagation::kBackground); !s) return s;
    return summary;
  }
  nlohmann::json remaining = *live;
  set_scope(remaining, pruned->kept);
  k8s::strip_server_metadata(remaining);
  if (auto r = cluster.apply(remaining, ApplyOptions{}); !r) return r.status();
  return summary;
}

}  // namespace bg::apply
