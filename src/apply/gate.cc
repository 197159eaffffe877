#include "apply/gate.h"

#include <cstdlib>

#include <algorithm>
#include <functional>

#include "k8s/conditions.h"
#include "k8s/label_selector.h"

namespace bg::apply {
namespace {

// The newest `n` events about an object, oldest first, as "Reason: message".
std::vector<std::string> events_about(Cluster& cluster, const std::string& ns, const std::string& name, std::size_t n) {
  auto events = cluster.list({"", "Event", ns, "", "involvedObject.name=" + name});
  std::vector<std::string> out;
  if (!events) return out;
  std::vector<nlohmann::json> list = *events;
  // Events written through events.k8s.io (the scheduler's) carry `lastTimestamp: null` and an
  // eventTime; older ones the reverse. Either may be null: never read one as a string unchecked.
  auto text = [](const nlohmann::json& e, const char* key) {
    auto it = e.find(key);
    return it != e.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto stamp = [&](const nlohmann::json& e) {
    std::string last = text(e, "lastTimestamp");
    return last.empty() ? text(e, "eventTime") : last;
  };
  std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) { return stamp(a) < stamp(b); });
  std::size_t from = list.size() > n ? list.size() - n : 0;
  for (std::size_t i = from; i < list.size(); ++i)
    out.push_back("event " + (text(list[i], "type").empty() ? std::string("Normal") : text(list[i], "type")) + " " +
                  text(list[i], "reason") + ": " + text(list[i], "message"));
  return out;
}

void explain_pod(Cluster& cluster, const nlohmann::json& pod, std::vector<std::string>& out) {
  std::string name = pod["metadata"].value("name", "?"), ns = pod["metadata"].value("namespace", "");
  HealthReport h = health_of(pod);
  if (h.health == Health::kCurrent) return;
  out.push_back("pod " + name + ": " + h.message);
  for (const k8s::Condition& c : k8s::conditions_of(pod))
    if (c.status == "False" && (!c.reason.empty() || !c.message.empty()))
      out.push_back("  condition " + c.type + "=False " + c.reason + (c.message.empty() ? "" : ": " + c.message));
  const nlohmann::json status = pod.value("status", nlohmann::json::object());
  for (const auto& cs : status.value("containerStatuses", nlohmann::json::array())) {
    if (!cs.is_object() || !cs.contains("state") || !cs["state"].is_object()) continue;
    for (const char* state : {"waiting", "terminated"})
      if (cs["state"].contains(state) && cs["state"][state].is_object()) {
        const auto& s = cs["state"][state];
        out.push_back("  container " + cs.value("name", std::string("?")) + " " + state + ": " + s.value("reason", std::string()) +
                      (s.contains("message") ? " (" + s.value("message", std::string()) + ")" : ""));
      }
  }
  for (std::string& e : events_about(cluster, ns, name, 3)) out.push_back("  " + e);
}

// The newest ReplicaSet a Deployment owns (by its revision), with its readiness and events.
void explain_replica_set(Cluster& cluster, const nlohmann::json& deployment, const std::string& selector,
                         std::vector<std::string>& out) {
  std::string ns = deployment["metadata"].value("namespace", ""), uid = deployment["metadata"].value("uid", "");
  auto sets = cluster.list({"apps", "ReplicaSet", ns, selector, ""});
  if (!sets) return;
  const nlohmann::json* newest = nullptr;
  long long newest_revision = -1;
  for (const nlohmann::json& rs : *sets) {
    bool owned = false;
    for (const auto& o : rs["metadata"].value("ownerReferences", nlohmann::json::array()))
      owned = owned || (o.is_object() && o.value("uid", "") == uid);
    if (!owned) continue;
    std::string rev = rs["metadata"].value("annotations", nlohmann::json::object()).value("deployment.kubernetes.io/revision", "0");
    long long revision = std::strtoll(rev.c_str(), nullptr, 10);
    if (revision > newest_revision) newest = &rs, newest_revision = revision;
  }
  if (!newest) return;
  std::string name = (*newest)["metadata"].value("name", "?");
  const auto status = newest->value("status", nlohmann::json::object());
  out.push_back("replicaset " + name + ": " + std::to_string(status.value("readyReplicas", 0)) + "/" +
                std::to_string(newest->value("spec", nlohmann::json::object()).value("replicas", 0)) + " ready");
  for (std::string& e : events_about(cluster, ns, name, 3)) out.push_back("  " + e);
}

}  // namespace

GateResult wait_healthy(Cluster& cluster, Clock& clock, const std::vector<ObjectRef>& members,
                        std::chrono::milliseconds timeout, std::chrono::milliseconds poll,
                        const std::function<void(std::size_t, std::size_t, const std::vector<MemberHealth>&)>& progress,
                        const std::map<ObjectRef, nlohmann::json>* known) {
  GateResult r;
  auto deadline = clock.now() + timeout;
  std::vector<ObjectRef> pending = members;
  std::chrono::milliseconds wait = std::min(poll, std::chrono::milliseconds(25));
  for (bool first = true;; first = false) {
    r.unhealthy.clear();
    bool failed = false;
    for (const ObjectRef& ref : pending) {
      HealthReport h;
      const nlohmann::json* held = nullptr;
      if (first && known)
        if (auto it = known->find(ref); it != known->end()) held = &it->second;
      if (held) {
        h = health_of(*held);
      } else {
        auto live = cluster.get(ref);
        if (!live && live.status().code() != Status::Code::kOther) {
          r.error = live.status();
          return r;
        }
        h = live ? health_of(*live) : HealthReport{Health::kInProgress, live.status().message()};
      }
      if (h.health == Health::kCurrent) continue;
      failed = failed || h.health == Health::kFailed;
      r.unhealthy.push_back({ref, h});
    }
    if (progress) progress(members.size() - r.unhealthy.size(), members.size(), r.unhealthy);
    if (r.unhealthy.empty()) {
      r.healthy = true;
      return r;
    }
    if (failed) return r;
    if (clock.now() >= deadline) {
      r.timed_out = true;
      return r;
    }
    // A member once Current is not read again; the rest are polled, quickly at first.
    pending.clear();
    for (const MemberHealth& m : r.unhealthy) pending.push_back(m.ref);
    clock.sleep_for(wait);
    wait = std::min(poll, wait * 2);
  }
}

std::vector<std::string> explain(Cluster& cluster, const ObjectRef& ref, const HealthReport& report) {
  std::vector<std::string> out{ref.str() + ": " + health_name(report.health) + ": " + report.message};
  auto live = cluster.get(ref);
  if (!live || live->is_null()) return out;
  std::string selector;
  if (ref.kind == "Deployment" || ref.kind == "StatefulSet" || ref.kind == "DaemonSet") {
    // The workload's own selector, matchExpressions included, sent as a query: the pods and
    // ReplicaSets it finds are the ones its controller manages.
    nlohmann::json written;  // spec.selector; null when absent
    if (live->is_object() && live->contains("spec") && (*live)["spec"].is_object())
      written = (*live)["spec"].value("selector", nlohmann::json());
    auto s = k8s::LabelSelector::from_object(written);
    if (!s) out.push_back("spec.selector: " + s.status().message());
    else selector = s->str();
  } else if (ref.kind == "Job") {
    selector = "job-name=" + ref.name;
  }
  if (!selector.empty()) {
    auto pods = cluster.list({"", "Pod", ref.ns, selector, ""});
    if (pods && pods->empty()) out.push_back("no pods yet");
    if (pods)
      for (const nlohmann::json& pod : *pods) explain_pod(cluster, pod, out);
    // A Deployment's pods are made by its ReplicaSet, so a pod that admission refuses leaves its
    // FailedCreate event there, not on the Deployment.
    if (ref.kind == "Deployment") explain_replica_set(cluster, *live, selector, out);
  }
  for (std::string& e : events_about(cluster, ref.ns, ref.name, 3)) out.push_back(e);
  return out;
}

std::string root_cause(const std::vector<std::string>& explanation) {
  // The deepest warning wins (a pod's or a ReplicaSet's over the workload's own), then the newest.
  static const std::string kWarning = "event Warning ";
  std::string cause;
  std::size_t depth = 0;
  for (const std::string& line : explanation) {
    std::size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || line.compare(indent, kWarning.size(), kWarning) != 0) continue;
    if (cause.empty() || indent >= depth) {
      cause = line.substr(indent + kWarning.size());
      depth = indent;
    }
  }
  return cause;
}

}  // namespace bg::apply
