// resources-required, probes-required: containers say what they need and how to tell they are
// healthy. Requests let the scheduler place pods honestly; limits keep one container from starving
// its neighbours; readiness keeps traffic away until a pod can serve; liveness restarts a stuck one.
// Probes are asked of long-running containers only (not Jobs, CronJobs or init containers).
#include "check/rules/rules.h"

namespace bg::check::rules {

void resources_and_probes(const ObjectContext& c, Out& out) {
  if (!c.pod) return;
  const PodTemplate& t = *c.pod;
  const Value* pod_resources = field(t.spec, "resources");  // pod-level resources (1.32) cover every container
  bool pod_level = is_object(field(pod_resources, "requests")) && is_object(field(pod_resources, "limits"));
  for (const ContainerRef& k : c.containers) {
    if (k.init()) continue;
    std::string who = "container \"" + std::string(k.name()) + "\"";
    if (!pod_level) {
      const Value* res = field(k.container, "resources");
      std::string missing;
      for (const char* part : {"requests", "limits"}) {
        for (const char* what : {"cpu", "memory"}) {
          const Value* v = dig(res, {part, what});
          if (v == nullptr || v->kind == yaml::NodeKind::kNull) missing += (missing.empty() ? "" : ", ") + std::string(part) + "." + what;
        }
      }
      if (!missing.empty()) {
        out.add("resources-required", res ? k.at(t, {"resources"}) : k.at(t), who + " has no " + missing,
                "set resources.requests (what it needs) and resources.limits (what it may use) for cpu and memory");
      }
    }
    if (!t.long_running) continue;
    bool readiness = is_object(field(k.container, "readinessProbe"));
    bool liveness = is_object(field(k.container, "livenessProbe"));
    if (readiness && liveness) continue;
    std::string missing = !readiness && !liveness ? "readinessProbe or livenessProbe" : !readiness ? "readinessProbe" : "livenessProbe";
    out.add("probes-required", k.at(t), who + " has no " + missing,
            "add a readinessProbe (when to send traffic) and a livenessProbe (when to restart)");
  }
}

}  // namespace bg::check::rules
