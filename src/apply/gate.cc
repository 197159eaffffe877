#include "apply/gate.h"

#include <algorithm>
#include <functional>

namespace bg::apply {
namespace {

std::string selector_of(const nlohmann::json& match_labels) {
  std::string s;
  if (!match_labels.is_object()) return s;
  for (const auto& [k, v] : match_labels.items())
    if (v.is_string()) s += (s.empty() ? "" : ",") + k + "=" + v.get<std::string>();
  return s;
}

// The newest `n` events about an object, oldest first, as "Reason: message".
std::vector<std::string> events_about(Cluster& cluster, const std::string& ns, const std::string& name, std::size_t n) {
  auto events = cluster.list({"", "Event", ns, "", "involvedObject.name=" + name});
  std::vector<std::string> out;
  if (!events) return out;
  std::vector<nlohmann::json> list = *events;
  auto stamp = [](const nlohmann::json& e) {
    return e.value("lastTimestamp", e.value("eventTime", std::string()));
  };
  std::stable_sort(list.begin(), list.end(), [&](const auto& a, const auto& b) { return stamp(a) < stamp(b); });
  std::size_t from = list.size() > n ? list.size() - n : 0;
  for (std::size_t i = from; i < list.size(); ++i)
    out.push_back("event " + list[i].value("type", std::string("Normal")) + " " + list[i].value("reason", std::string()) + ": " +
                  list[i].value("message", std::string()));
  return out;
}

void explain_pod(Cluster& cluster, const nlohmann::json& pod, std::vector<std::string>& out) {
  std::string name = pod["metadata"].value("name", "?"), ns = pod["metadata"].value("namespace", "");
  HealthReport h = health_of(pod);
  if (h.health == Health::kCurrent) return;
  out.push_back("pod " + name + ": " + h.message);
  const nlohmann::json status = pod.value("status", nlohmann::json::object());
  for (const auto& c : status.value("conditions", nlohmann::json::array()))
    if (c.is_object() && c.value("status", "") == "False" && (c.contains("reason") || c.contains("message")))
      out.push_back("  condition " + c.value("type", std::string()) + "=False " + c.value("reason", std::string()) +
                    (c.contains("message") ? ": " + c.value("message", std::string()) : ""));
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
  if (ref.kind == "Deployment" || ref.kind == "StatefulSet" || ref.kind == "DaemonSet")
    selector = selector_of((*live)["spec"].value("selector", nlohmann::json::object()).value("matchLabels", nlohmann::json()));
  else if (ref.kind == "Job")
    selector = "job-name=" + ref.name;
  if (!selector.empty()) {
    auto pods = cluster.list({"", "Pod", ref.ns, selector, ""});
    if (pods && pods->empty()) out.push_back("no pods yet");
    if (pods)
      for (const nlohmann::json& pod : *pods) explain_pod(cluster, pod, out);
  }
  for (std::string& e : events_about(cluster, ref.ns, ref.name, 3)) out.push_back(e);
  return out;
}

}  // namespace bg::apply
