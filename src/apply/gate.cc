#include "apply/gate.h"

#include <cstdlib>

#include <algorithm>
#include <functional>

#include "common/parallel_for.h"
#include "k8s/conditions.h"
#include "k8s/json_view.h"
#include "k8s/label_selector.h"

namespace bg::apply {
namespace {

using k8s::JsonView;

// The newest `n` events about an object, oldest first, as "Reason: message".
std::vector<std::string> events_about(Cluster& cluster, const std::string& ns, const std::string& name, std::size_t n) {
  auto events = cluster.list({"", "Event", ns, "", "involvedObject.name=" + name});
  std::vector<std::string> out;
  if (!events) return out;
  std::vector<JsonView> list(events->begin(), events->end());
  // Events written through events.k8s.io (the scheduler's) carry `lastTimestamp: null` and an
  // eventTime; older ones the reverse.
  auto stamp = [](JsonView e) {
    std::string last = e["lastTimestamp"].str();
    return last.empty() ? e["eventTime"].str() : last;
  };
  std::stable_sort(list.begin(), list.end(), [&](JsonView a, JsonView b) { return stamp(a) < stamp(b); });
  std::size_t from = list.size() > n ? list.size() - n : 0;
  for (std::size_t i = from; i < list.size(); ++i) {
    JsonView e = list[i];
    std::string type = e["type"].str();
    out.push_back("event " + (type.empty() ? "Normal" : type) + " " + e["reason"].str() + ": " + e["message"].str());
  }
  return out;
}

// The last `n` non-empty lines of a container's termination message: with the policy
// FallbackToLogsOnError (every rendered Job's), the tail of its log when it failed.
std::vector<std::string> last_lines(const std::string& text, std::size_t n) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  if (lines.size() > n) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(n));
  return lines;
}

void explain_pod(Cluster& cluster, const nlohmann::json& pod, std::vector<std::string>& out) {
  JsonView meta = JsonView(pod)["metadata"];
  std::string name = meta["name"].str("?"), ns = meta["namespace"].str();
  HealthReport h = health_of(pod);
  if (h.health == Health::kCurrent) return;
  out.push_back("pod " + name + ": " + h.message);
  for (const k8s::Condition& c : k8s::conditions_of(pod))
    if (c.status == "False" && (!c.reason.empty() || !c.message.empty()))
      out.push_back("  condition " + c.type + "=False " + c.reason + (c.message.empty() ? "" : ": " + c.message));
  for (JsonView cs : JsonView(pod)["status"]["containerStatuses"].items()) {
    const std::string container = "  container " + cs["name"].str("?");
    if (JsonView s = cs["state"]["waiting"]; s.is_object())
      out.push_back(container + " waiting: " + s["reason"].str() + (s.has("message") ? " (" + s["message"].str() + ")" : ""));
    // A container that ended, now or before its restart: how, and what it said last.
    for (const char* when : {"state", "lastState"})
      if (JsonView s = cs[when]["terminated"]; s.is_object()) {
        out.push_back(container + (std::string(when) == "state" ? " terminated: " : " last terminated: ") +
                      s["reason"].str("?") + ", exit code " + std::to_string(s["exitCode"].integer()));
        for (const std::string& line : last_lines(s["message"].str(), 10)) out.push_back("    | " + line);
      }
  }
  for (std::string& e : events_about(cluster, ns, name, 3)) out.push_back("  " + e);
}

// The newest ReplicaSet a Deployment owns (by its revision), with its readiness and events.
void explain_replica_set(Cluster& cluster, const nlohmann::json& deployment, const std::string& selector,
                         std::vector<std::string>& out) {
  JsonView meta = JsonView(deployment)["metadata"];
  std::string ns = meta["namespace"].str(), uid = meta["uid"].str();
  auto sets = cluster.list({"apps", "ReplicaSet", ns, selector, ""});
  if (!sets) return;
  JsonView newest;
  long long newest_revision = -1;
  for (const nlohmann::json& item : *sets) {
    JsonView rs(item);
    auto owners = rs["metadata"]["ownerReferences"].items();
    if (std::none_of(owners.begin(), owners.end(), [&](JsonView o) { return o["uid"].str() == uid; })) continue;
    std::string rev = rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"].str("0");
    long long revision = std::strtoll(rev.c_str(), nullptr, 10);
    if (revision > newest_revision) newest = rs, newest_revision = revision;
  }
  if (newest.absent()) return;
  std::string name = newest["metadata"]["name"].str("?");
  out.push_back("replicaset " + name + ": " + std::to_string(newest["status"]["readyReplicas"].integer()) + "/" +
                std::to_string(newest["spec"]["replicas"].integer()) + " ready");
  for (std::string& e : events_about(cluster, ns, name, 3)) out.push_back("  " + e);
}

}  // namespace

GateResult wait_healthy(Cluster& cluster, Clock& clock, const std::vector<ObjectRef>& members,
                        std::chrono::milliseconds timeout, std::chrono::milliseconds poll,
                        const std::function<void(std::size_t, std::size_t, const std::vector<MemberHealth>&)>& progress,
                        const std::map<ObjectRef, nlohmann::json>* known, int parallelism,
                        const HealthContext& context) {
  GateResult r;
  auto deadline = clock.now() + timeout;
  std::vector<ObjectRef> pending = members;
  std::chrono::milliseconds wait = std::min(poll, std::chrono::milliseconds(25));
  for (bool first = true;; first = false) {
    // One read per member still pending, in parallel: a wave of forty workloads polled one after
    // another spends a round trip per member on every poll, and the gate then lags the cluster.
    std::vector<HealthReport> reports(pending.size());
    std::vector<Status> errors(pending.size());
    parallel_for(pending.size(), parallelism, [&](std::size_t i) {
      if (first && known)
        if (auto it = known->find(pending[i]); it != known->end()) {
          reports[i] = health_of(it->second, context);
          return;
        }
      auto live = cluster.get(pending[i]);
      if (!live && live.status().code() != Status::Code::kOther) errors[i] = live.status();
      else reports[i] = live ? health_of(*live, context) : HealthReport{Health::kInProgress, live.status().message()};
    });
    for (const Status& e : errors)
      if (!e.is_ok()) {
        r.error = e;
        return r;
      }
    r.unhealthy.clear();
    bool failed = false;
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (reports[i].health == Health::kCurrent) continue;
      failed = failed || reports[i].health == Health::kFailed;
      r.unhealthy.push_back({pending[i], reports[i]});
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
    auto s = k8s::LabelSelector::from_object(JsonView(*live)["spec"]["selector"].copy());
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
