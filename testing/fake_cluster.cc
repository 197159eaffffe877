#include "testing/fake_cluster.h"

#include "k8s/field_selector.h"
#include "k8s/label_selector.h"
#include "k8s/server_fields.h"

namespace bg::testing {

Status FakeCluster::alive() {
  if (!refuse.is_ok()) return refuse;
  if (die_after_writes >= 0 && writes >= die_after_writes) return Status::terminal("killed");
  return Status::ok();
}

Status FakeCluster::allowed(const k8s::GroupKind& kind) const {
  auto it = refuse_kind.find(kind.key());
  return it == refuse_kind.end() ? Status::ok() : it->second;
}

void FakeCluster::simulate(nlohmann::json& o) {
  std::string kind = o.value("kind", "");
  std::string id = o["metadata"].value("namespace", "") + "/" + o["metadata"].value("name", "");
  long generation = o["metadata"].value("generation", 1L);
  if (never_ready.count(id)) {
    o["status"] = {{"observedGeneration", generation}};
    return;
  }
  long replicas = o.value("spec", nlohmann::json::object()).value("replicas", 1L);
  if (kind == "Deployment")
    o["status"] = {{"observedGeneration", generation}, {"replicas", replicas}, {"updatedReplicas", replicas},
                   {"availableReplicas", replicas}, {"readyReplicas", replicas},
                   {"conditions", {{{"type", "Available"}, {"status", "True"}},
                                   {{"type", "Progressing"}, {"status", "True"}, {"reason", "NewReplicaSetAvailable"}}}}};
  else if (kind == "StatefulSet")
    o["status"] = {{"observedGeneration", generation}, {"replicas", replicas}, {"readyReplicas", replicas},
                   {"currentReplicas", replicas}, {"updatedReplicas", replicas}, {"currentRevision", "r1"}, {"updateRevision", "r1"}};
  else if (kind == "DaemonSet")
    o["status"] = {{"observedGeneration", generation}, {"desiredNumberScheduled", 2}, {"currentNumberScheduled", 2},
                   {"updatedNumberScheduled", 2}, {"numberAvailable", 2}, {"numberReady", 2}};
  else if (kind == "Job")
    o["status"] = {{"succeeded", 1}, {"conditions", {{{"type", "Complete"}, {"status", "True"}}}}};
  else if (kind == "PersistentVolumeClaim")
    o["status"] = {{"phase", "Bound"}};
  else if (kind == "CustomResourceDefinition")
    o["status"] = {{"conditions", {{{"type", "Established"}, {"status", "True"}}}}};
  else if (kind == "Certificate")
    o["status"] = {{"conditions", {{{"type", "Ready"}, {"status", "True"}}}}};
}

Result<nlohmann::json> FakeCluster::get(const apply::ObjectRef& ref) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  if (Status s = allowed(ref.group_kind()); !s) return s;
  auto it = objects_.find(ref);
  return it == objects_.end() ? nlohmann::json() : it->second;
}

Result<bool> FakeCluster::serves(const std::string& api_version, const std::string& kind) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  return !unserved.count(k8s::GroupKind::of(api_version, kind).key());
}

Result<nlohmann::json> FakeCluster::apply(const nlohmann::json& object, const apply::ApplyOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  apply::ObjectRef ref = apply::ObjectRef::of(object);
  if (Status s = allowed(ref.group_kind()); !s) return s;
  if (unserved.count(ref.group_kind().key()))
    return Status::terminal("the server does not serve kind " + ref.kind + " in " + ref.api_version);
  auto it = objects_.find(ref);
  nlohmann::json next = object;
  next.erase("status");
  if (it == objects_.end()) {
    next["metadata"]["uid"] = "uid-" + std::to_string(next_uid_++);
    next["metadata"]["generation"] = 1;
    next["metadata"]["creationTimestamp"] = "2026-11-27T00:00:00Z";
  } else {
    const nlohmann::json& old = it->second;
    k8s::keep_server_metadata(old, next);
    nlohmann::json a = old, b = next;
    a.erase("status");
    if (a == b) return old;  // nothing changed: no new version
    if (old.value("spec", nlohmann::json()) != next.value("spec", nlohmann::json()))
      next["metadata"]["generation"] = old["metadata"].value("generation", 1L) + 1;
  }
  if (options.dry_run) return next;
  next["metadata"]["resourceVersion"] = std::to_string(next_version_++);
  simulate(next);
  // The StatefulSet controller makes a claim per template and replica; it carries no labels of
  // ours, as in a real cluster, so only data protection keeps its namespace alive.
  if (ref.kind == "StatefulSet" && next.contains("spec") && next["spec"].contains("volumeClaimTemplates"))
    for (const auto& t : next["spec"]["volumeClaimTemplates"])
      for (long i = 0; i < next["spec"].value("replicas", 1L); ++i) {
        std::string name = t["metadata"].value("name", "data") + "-" + ref.name + "-" + std::to_string(i);
        k8s::ObjectRef claim{"v1", "PersistentVolumeClaim", ref.ns, name};
        if (!objects_.count(claim))
          objects_[claim] = {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"},
                             {"metadata", {{"name", name}, {"namespace", ref.ns}}}, {"spec", t.value("spec", nlohmann::json::object())},
                             {"status", {{"phase", "Bound"}}}};
      }
  ++writes;
  objects_[ref] = next;
  return next;
}

Result<std::vector<nlohmann::json>> FakeCluster::list(const apply::ListQuery& q) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  if (Status s = allowed({q.group, q.kind}); !s) return s;
  // A selector the server would refuse is refused here too (a 400 there).
  auto labels = k8s::LabelSelector::parse(q.label_selector);
  if (!labels) return labels.status();
  auto fields = k8s::FieldSelector::parse(q.field_selector);
  if (!fields) return fields.status();
  std::vector<nlohmann::json> out;
  for (const auto& [ref, o] : objects_) {
    if (ref.group() != q.group || ref.kind != q.kind) continue;
    if (!q.ns.empty() && ref.ns != q.ns) continue;
    if (labels->matches(k8s::object_labels(o)) && fields->matches(o)) out.push_back(o);
  }
  return out;
}

Status FakeCluster::remove(const apply::ObjectRef& ref, apply::Propagation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  if (Status s = allowed(ref.group_kind()); !s) return s;
  if (objects_.erase(ref)) ++writes;
  return Status::ok();
}

void FakeCluster::seed(const nlohmann::json& object) {
  std::lock_guard<std::mutex> lock(mu_);
  objects_[k8s::ObjectRef::of(object)] = object;
}

std::size_t FakeCluster::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return objects_.size();
}

nlohmann::json FakeCluster::find(const std::string& kind, const std::string& ns, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [ref, o] : objects_)
    if (ref.kind == kind && ref.ns == ns && ref.name == name) return o;
  return nullptr;
}

std::vector<nlohmann::json> FakeCluster::all() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<nlohmann::json> out;
  for (const auto& [ref, o] : objects_) out.push_back(o);
  return out;
}

}  // namespace bg::testing
