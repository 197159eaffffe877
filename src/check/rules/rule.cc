#include "check/rules/rule.h"

#include <algorithm>

namespace bg::check {

const std::vector<RuleInfo>& all_rules() {
  static const std::vector<RuleInfo> rules = {
      {"schema", Severity::kError, "the API server rejects objects that do not match their schema", false},
      {"unknown-kind", Severity::kWarning, "an object no schema knows was not validated at all", false},
      {"too-large", Severity::kError, "the API server refuses objects over its size limits", false},
      {"tls-required", Severity::kError,
       "every host is served over TLS with a certificate that an issuer or an existing Secret provides"},
      {"default-deny", Severity::kError,
       "every namespace that runs workloads denies traffic by default; allow rules open only what is needed"},
      {"ui-auth", Severity::kError, "sensitive UIs (admin consoles, notebooks, dashboards) sit behind authentication"},
      {"local-storage", Severity::kWarning, "stateful workloads keep their data on local SSD storage classes"},
      {"no-literal-secret", Severity::kError,
       "credentials live in Secrets, never as literal env values or inside ConfigMaps"},
      {"run-as-non-root", Severity::kError, "containers run as a non-root user"},
      {"no-privilege-escalation", Severity::kError, "containers set allowPrivilegeEscalation: false"},
      {"no-privileged", Severity::kError,
       "containers are not privileged, add no near-root capabilities and share no host namespaces"},
      {"resources-required", Severity::kWarning,
       "containers request CPU and memory and are limited, so the scheduler and the node can protect others"},
      {"probes-required", Severity::kWarning,
       "long-running containers have readiness and liveness probes, so traffic and restarts follow health"},
      {"image-pinned", Severity::kWarning, "images are pinned to a version tag or digest, never latest or untagged"},
      {"metrics-scraped", Severity::kWarning, "every workload with a metrics port is scraped"},
      {"service-selects-nothing", Severity::kWarning, "a Service's selector matches the pods it is meant to serve"},
      {"service-target-port", Severity::kWarning, "a Service's named targetPort is a port its pods declare"},
      {"route-backend-missing", Severity::kError, "an Ingress or route points at a Service and port that exist"},
      {"tcp-services", Severity::kError,
       "ingress-nginx tcp-services entries are valid, do not collide, and point at existing Services and ports"},
      {"storage-class-missing", Severity::kError, "a claim names a StorageClass that exists"},
      {"storage-size", Severity::kWarning, "a volume's size has a unit and is at least 1Mi: a bare number counts bytes"},
      {"netpol-selects-nothing", Severity::kWarning, "a NetworkPolicy selects pods, or it protects nothing"},
      {"monitor-selects-nothing", Severity::kWarning, "a ServiceMonitor or PodMonitor selects something to scrape"},
      {"flow-blocked", Severity::kError,
       "every endpoint a workload is configured to call is open under the NetworkPolicies at both ends"},
      {"flow-unresolved", Severity::kWarning,
       "every endpoint a workload is configured to call is a Service and port that exist"},
      {"suppression", Severity::kError, "a suppression names a real rule and says why", false},
      {"internal", Severity::kError, "the checker itself failed on this object; please report it", false},
  };
  return rules;
}

const RuleInfo* find_rule(std::string_view id) {
  const auto& rules = all_rules();
  auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo& r) { return r.id == id; });
  return it == rules.end() ? nullptr : &*it;
}

void Out::add(std::string_view rule, Path path, std::string message, std::string hint, bool key) {
  const RuleInfo* info = find_rule(rule);
  Finding f;
  f.rule = std::string(rule);
  f.severity = info ? info->severity : Severity::kError;
  f.object = subject_.id;
  f.loc = subject_.at(path, key);
  f.path = std::move(path);
  f.message = std::move(message);
  f.hint = std::move(hint);
  into_.push_back(std::move(f));
}

}  // namespace bg::check
