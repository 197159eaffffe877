#include "apply/preview.h"

#include "apply/object_diff.h"
#include "apply/live_snapshot.h"
#include "apply/prune.h"
#include "apply/waves.h"
#include "k8s/crd.h"

namespace bg::apply {

constexpr int kPreviewParallelism = 8;

Result<Preview> preview(Cluster& cluster, ApplyInput input, bool prune_data) {
  Preview p;
  const std::string id = applyset_id(input.parent);
  manifest::Object parent = label_members(input.objects, input.parent, input.tooling);
  auto waves = plan_waves(input.objects, input.depends_on);
  if (!waves) return waves.status();
  std::set<std::string> pending_kinds;       // group/kind of CRDs this apply creates, or not served
  std::set<std::string> pending_namespaces;  // Namespaces this apply creates
  auto unserved = unserved_kinds(cluster, input.objects);
  if (!unserved) return unserved.status();
  p.unserved = std::move(*unserved);
  for (const UnservedKind& u : p.unserved) pending_kinds.insert(k8s::GroupKind::of(u.api_version, u.kind).key());
  std::vector<ObjectRef> refs;
  for (const manifest::Object& o : input.objects) refs.push_back(ObjectRef::of(o.body));
  auto live_all = read_live(cluster, refs, kPreviewParallelism);
  if (!live_all) return live_all.status();
  for (const Wave& wave : *waves) {
    PreviewWave pw{wave.name, {}};
    for (std::size_t i : wave.members) {
      const manifest::Object& o = input.objects[i];
      ObjectRef ref = ObjectRef::of(o.body);
      const nlohmann::json& live = live_all->at(ref);
      PreviewItem item{ref.str(), WriteNeed::kNone, desired_object(o, live, false), live};
      item.need = write_need(item.desired, item.live);
      if (o.kind() == "Namespace" && item.need == WriteNeed::kCreate) pending_namespaces.insert(o.name());
      if (o.kind() == "CustomResourceDefinition" && item.need == WriteNeed::kCreate) {
        pending_kinds.insert(k8s::defined_kind(o.body).key());
      }
      (item.need == WriteNeed::kCreate ? p.creates : item.need == WriteNeed::kUpdate ? p.updates : p.unchanged)++;
      pw.items.push_back(std::move(item));
    }
    p.waves.push_back(std::move(pw));
  }
  // Once every Namespace and CRD to be created is known (a wave may list an object before them).
  for (PreviewWave& pw : p.waves)
    for (PreviewItem& item : pw.items)
      item.pending = pending_kinds.count(ObjectRef::of(item.desired).group_kind().key()) > 0 ||
                     pending_namespaces.count(ObjectRef::of(item.desired).ns) > 0;
  auto old_parent = cluster.get(ObjectRef::of(parent.body));
  if (!old_parent) return old_parent.status();
  std::set<k8s::ObjectRef> keep;
  for (const manifest::Object& o : input.objects) keep.insert(o.id());
  auto candidates = prune_candidates(cluster, id, merged(scope_of(*old_parent), scope_of(parent.body)), keep);
  if (!candidates) return candidates.status();
  std::set<std::string> namespaces_with_data;
  if (!prune_data) {
    auto holding = namespaces_holding_data(cluster, *candidates);
    if (!holding) return holding.status();
    namespaces_with_data = std::move(*holding);
  }
  for (const manifest::Object& c : *candidates) {
    bool kept = holds_data(c) || (c.kind() == "Namespace" && namespaces_with_data.count(c.name()));
    (kept && !prune_data ? p.keep : p.prune).push_back({ObjectRef::of(c.body).str(), WriteNeed::kNone, nullptr, c.body});
  }
  return p;
}

Result<std::string> diff_text(Cluster& cluster, const Preview& p, DiffOptions options) {
  std::string out;
  for (const PreviewWave& w : p.waves)
    for (const PreviewItem& item : w.items) {
      if (item.need == WriteNeed::kNone) continue;
      if (item.pending) {
        out += object_diff(item.live, item.desired, item.object, options);
        continue;
      }
      ApplyOptions dry;
      dry.dry_run = true;
      auto merged_object = cluster.apply(item.desired, dry);
      if (!merged_object) return merged_object.status();
      out += object_diff(item.live, *merged_object, item.object, options);
    }
  for (const PreviewItem& gone : p.prune) out += object_diff(gone.live, nullptr, gone.object, options);
  return out;
}

}  // namespace bg::apply
