#include "apply/prune.h"

#include <algorithm>

#include "apply/waves.h"
#include "common/parallel_for.h"
#include "k8s/json_view.h"

namespace bg::apply {

bool holds_data(const manifest::Object& object) {
  k8s::ObjectRef id = object.id();
  if (id.group().empty() && id.kind == "Secret") {
    return k8s::JsonView(object.body)["metadata"]["labels"][kGeneratedLabel].str() == "true";
  }
  return (id.group().empty() && (id.kind == "PersistentVolumeClaim" || id.kind == "PersistentVolume")) ||
         (id.group() == "apiextensions.k8s.io" && id.kind == "CustomResourceDefinition");
}

constexpr int kListParallelism = 8;

Result<std::set<std::string>> namespaces_holding_data(Cluster& cluster, const std::vector<manifest::Object>& candidates) {
  // A claim, live, whatever renders it, or a kept object of ours.
  std::set<std::string> out;
  for (const manifest::Object& c : candidates) {
    if (holds_data(c) && !c.ns().empty()) out.insert(c.ns());
    if (c.kind() == "Namespace") {
      auto claims = cluster.list({"", "PersistentVolumeClaim", c.name(), "", ""});
      if (!claims) return claims.status();
      if (!claims->empty()) out.insert(c.name());
    }
  }
  return out;
}

Result<std::vector<manifest::Object>> prune_candidates(Cluster& cluster, const std::string& applyset_id,
                                                       const ApplySetScope& scope, const std::set<k8s::ObjectRef>& keep,
                                                       const KindLists* already) {
  // One list per group-kind, several at a time, gathered in the scope's order (deterministic).
  std::vector<std::string> kinds(scope.group_kinds.begin(), scope.group_kinds.end());
  std::vector<Result<std::vector<nlohmann::json>>> lists(kinds.size(), std::vector<nlohmann::json>{});
  parallel_for(kinds.size(), kListParallelism, [&](std::size_t i) {
    if (already && already->count(kinds[i])) {
      std::vector<nlohmann::json> ours;
      for (const nlohmann::json& o : already->at(kinds[i]))
        if (k8s::JsonView(o)["metadata"]["labels"][kPartOfLabel].str() == applyset_id) ours.push_back(o);
      lists[i] = std::move(ours);
      return;
    }
    k8s::GroupKind gk = k8s::GroupKind::parse(kinds[i]);
    // Built by appending: gcc 12 warns of a false array-bounds overrun on `string + "=" + string`
    // here once Result is [[nodiscard]] (a known -Warray-bounds false positive, fatal with -Werror).
    std::string selector(kPartOfLabel);
    selector.append("=").append(applyset_id);
    lists[i] = cluster.list({gk.group, gk.kind, "", selector, ""});
  });
  std::vector<manifest::Object> candidates;
  for (auto& listed : lists) {
    if (!listed) return listed.status();
    for (nlohmann::json& o : *listed) {
      manifest::Object obj{std::move(o), {}};
      if (!keep.count(obj.id())) candidates.push_back(std::move(obj));
    }
  }
  return candidates;
}

Result<PruneResult> prune_applyset(Cluster& cluster, const std::string& applyset_id, const ApplySetScope& scope,
                                   const std::set<k8s::ObjectRef>& keep, bool prune_data, const EventSink& sink,
                                   const KindLists* already) {
  PruneResult result;
  auto listed = prune_candidates(cluster, applyset_id, scope, keep, already);
  if (!listed) return listed.status();
  std::vector<manifest::Object>& candidates = *listed;

  std::set<std::string> namespaces_with_data;
  if (!prune_data) {
    auto holding = namespaces_holding_data(cluster, candidates);
    if (!holding) return holding.status();
    namespaces_with_data = std::move(*holding);
  }

  auto waves = plan_waves(candidates, {});
  if (!waves) return waves.status();
  for (auto w = waves->rbegin(); w != waves->rend(); ++w)
    for (std::size_t i : w->members) {
      const manifest::Object& c = candidates[i];
      k8s::ObjectRef id = c.id();
      ObjectRef ref = ObjectRef::of(c.body);
      bool protect = !prune_data && (holds_data(c) || (c.kind() == "Namespace" && namespaces_with_data.count(c.name())));
      ApplyEvent e{protect ? ApplyEvent::Kind::kKept : ApplyEvent::Kind::kPruned};
      e.object = ref.str();
      e.wave_name = "prune";
      if (protect) {
        result.kept.group_kinds.insert(id.group_kind().str());
        if (!id.ns.empty()) result.kept.namespaces.insert(id.ns);
        e.action = "kept (holds data; --prune-data deletes it)";
      } else {
        if (Status s = cluster.remove(ref, Propagation::kBackground); !s) return s;
        ++result.pruned;
        e.action = "pruned";
      }
      if (sink) sink(e);
    }
  return result;
}

}  // namespace bg::apply
