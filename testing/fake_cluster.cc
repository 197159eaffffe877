#include "testing/fake_cluster.h"

#include "manifest/object.h"

namespace bg::testing {
namespace {

using manifest::group_of;

bool labels_match(const nlohmann::json& o, const std::string& selector) {
  if (selector.empty()) return true;
  const auto labels = o["metadata"].value("labels", nlohmann::json::object());
  std::size_t start = 0;
  while (start <= selector.size()) {
    std::size_t comma = selector.find(',', start);
    if (comma == std::string::npos) comma = selector.size();
    std::string term = selector.substr(start, comma - start);
    auto eq = term.find('=');
    std::string k = term.substr(0, eq), v = eq == std::string::npos ? "" : term.substr(eq + 1);
    if (!labels.contains(k) || (eq != std::string::npos && labels[k] != v)) return false;  // "k" alone: exists
    start = comma + 1;
  }
  return true;
}

}  // namespace

FakeCluster::Key FakeCluster::key_of(const std::string& api_version, const std::string& kind, const std::string& ns,
                                     const std::string& name) {
  return {group_of(api_version), kind, ns, name};
}

Status FakeCluster::alive() {
  if (!refuse.is_ok()) return refuse;
  if (die_after_writes >= 0 && writes >= die_after_writes) return Status::terminal("killed");
  return Status::ok();
}

Status FakeCluster::allowed(const std::string& group, const std::string& kind) const {
  auto it = refuse_kind.find(group + "/" + kind);
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
  if (Status s = allowed(group_of(ref.api_version), ref.kind); !s) return s;
  auto it = objects_.find(key_of(ref.api_version, ref.kind, ref.ns, ref.name));
  return it == objects_.end() ? nlohmann::json() : it->second;
}

Result<bool> FakeCluster::serves(const std::string& api_version, const std::string& kind) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  return !unserved.count(group_of(api_version) + "/" + kind);
}

Result<nlohmann::json> FakeCluster::apply(const nlohmann::json& object, const apply::ApplyOptions& options) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  apply::ObjectRef ref = apply::ObjectRef::of(object);
  if (Status s = allowed(group_of(ref.api_version), ref.kind); !s) return s;
  if (unserved.count(group_of(ref.api_version) + "/" + ref.kind))
    return Status::terminal("the server does not serve kind " + ref.kind + " in " + ref.api_version);
  Key key = key_of(ref.api_version, ref.kind, ref.ns, ref.name);
  auto it = objects_.find(key);
  nlohmann::json next = object;
  next.erase("status");
  if (it == objects_.end()) {
    next["metadata"]["uid"] = "uid-" + std::to_string(next_uid_++);
    next["metadata"]["generation"] = 1;
    next["metadata"]["creationTimestamp"] = "2026-11-27T00:00:00Z";
  } else {
    const nlohmann::json& old = it->second;
    for (const char* f : {"uid", "generation", "creationTimestamp", "resourceVersion"}) next["metadata"][f] = old["metadata"][f];
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
        Key claim{"", "PersistentVolumeClaim", ref.ns, name};
        if (!objects_.count(claim))
          objects_[claim] = {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"},
                             {"metadata", {{"name", name}, {"namespace", ref.ns}}}, {"spec", t.value("spec", nlohmann::json::object())},
                             {"status", {{"phase", "Bound"}}}};
      }
  ++writes;
  objects_[key] = next;
  return next;
}

Result<std::vector<nlohmann::json>> FakeCluster::list(const apply::ListQuery& q) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  if (Status s = allowed(q.group, q.kind); !s) return s;
  std::vector<nlohmann::json> out;
  for (const auto& [key, o] : objects_) {
    if (std::get<0>(key) != q.group || std::get<1>(key) != q.kind) continue;
    if (!q.ns.empty() && std::get<2>(key) != q.ns) continue;
    if (!labels_match(o, q.label_selector)) continue;
    if (q.field_selector.starts_with("involvedObject.name=") &&
        o.value("involvedObject", nlohmann::json::object()).value("name", "") != q.field_selector.substr(20))
      continue;
    out.push_back(o);
  }
  return out;
}

Status FakeCluster::remove(const apply::ObjectRef& ref, apply::Propagation) {
  std::lock_guard<std::mutex> lock(mu_);
  if (Status s = alive(); !s) return s;
  if (Status s = allowed(group_of(ref.api_version), ref.kind); !s) return s;
  if (objects_.erase(key_of(ref.api_version, ref.kind, ref.ns, ref.name))) ++writes;
  return Status::ok();
}

void FakeCluster::seed(const nlohmann::json& object) {
  std::lock_guard<std::mutex> lock(mu_);
  apply::ObjectRef ref = apply::ObjectRef::of(object);
  objects_[key_of(ref.api_version, ref.kind, ref.ns, ref.name)] = object;
}

std::size_t FakeCluster::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return objects_.size();
}

nlohmann::json FakeCluster::find(const std::string& kind, const std::string& ns, const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, o] : objects_)
    if (std::get<1>(key) == kind && std::get<2>(key) == ns && std::get<3>(key) == name) return o;
  return nullptr;
}

std::vector<nlohmann::json> FakeCluster::all() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<nlohmann::json> out;
  for (const auto& [key, o] : objects_) out.push_back(o);
  return out;
}

}  // namespace bg::testing
