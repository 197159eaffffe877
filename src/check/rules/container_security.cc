// run-as-non-root, no-privilege-escalation, no-privileged: containers run as an ordinary user, can
// never gain more rights than they start with, and never hold the node's keys.
//
// Node agents are the exception by nature: a CNI (Cilium, Calico, Flannel), kube-proxy, log
// shippers (Fluent Bit, Vector, Promtail, Filebeat), node exporters and device plugins must touch
// the host. A DaemonSet whose container runs one of their images is allowed (kNodeAgents); every
// other exception needs a suppression with a reason.
#include <algorithm>
#include <iterator>

#include "check/rules/rules.h"
#include "k8s/image_ref.h"

namespace bg::check::rules {
namespace {

constexpr std::string_view kNodeAgents[] = {
    "cilium/cilium",          "cilium/cilium-envoy",        "calico/node",
    "calico/cni",             "flannel/flannel",            "flannelcni/flannel",
    "kube-proxy",             "fluent/fluent-bit",          "fluent/fluentd-kubernetes-daemonset",
    "timberio/vector",        "grafana/promtail",           "grafana/alloy",
    "elastic/filebeat",       "beats/filebeat",             "prometheus/node-exporter",
    "falcosecurity/falco",    "kube-vip/kube-vip",          "sig-storage/csi-node-driver-registrar",
    "nvidia/k8s-device-plugin", "nvidia/gpu-feature-discovery", "otel/opentelemetry-collector-contrib",
    "datadog/agent",          "k8s-dns-node-cache",         "dns/k8s-dns-node-cache",
};

bool is_node_agent(const ObjectContext& c, const ContainerRef& k) {
  if (c.subject.kind() != "DaemonSet") return false;
  // "quay.io/cilium/cilium:v1.16.5@sha256:..." is "cilium/cilium" wherever it is pulled from.
  const std::string repo = k8s::ImageRef::parse(str(field(k.container, "image"))).repository;
  return std::any_of(std::begin(kNodeAgents), std::end(kNodeAgents), [&](std::string_view agent) {
    return repo == agent || (repo.size() > agent.size() && repo.substr(repo.size() - agent.size()) == agent &&
                             repo[repo.size() - agent.size() - 1] == '/');
  });
}

constexpr std::string_view kNearRootCapabilities[] = {
    "ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "DAC_READ_SEARCH", "BPF", "PERFMON"};

}  // namespace

void container_security(const ObjectContext& c, Out& out) {
  if (!c.pod) return;
  const PodTemplate& t = *c.pod;
  if (str(dig(t.spec, {"os", "name"})) == "windows") return;  // runAsNonRoot and friends are Linux notions
  const Value* pod_sc = field(t.spec, "securityContext");
  bool any_agent = false;
  for (const ContainerRef& k : c.containers) {
    if (is_node_agent(c, k)) {
      any_agent = true;
      continue;
    }
    const Value* sc = field(k.container, "securityContext");
    std::string who = "container \"" + std::string(k.name()) + "\"";
    Path where = sc ? k.at(t, {"securityContext"}) : k.at(t);
    const std::string hint_user =
        "set securityContext.runAsNonRoot: true (and a non-zero runAsUser if the image's user is root)";

    // run-as-non-root: the container's setting wins over the pod's.
    const Value* user_field = field(sc, "runAsUser");
    Path user_path = k.at(t, {"securityContext", "runAsUser"});
    if (user_field == nullptr) {
      user_field = field(pod_sc, "runAsUser");
      user_path = t.at({"spec", "securityContext", "runAsUser"});
    }
    std::optional<int64_t> user = integer(user_field);
    const Value* non_root = field(sc, "runAsNonRoot");
    if (non_root == nullptr || non_root->kind != yaml::NodeKind::kBool) non_root = field(pod_sc, "runAsNonRoot");
    if (user && *user == 0) {
      out.add("run-as-non-root", user_path, who + " runs as root (runAsUser: 0)", hint_user);
    } else if (!is_true(non_root) && !(user && *user > 0)) {
      out.add("run-as-non-root", where, who + " may run as root: neither runAsNonRoot: true nor a non-zero runAsUser is set",
              hint_user, true);
    }

    // no-privilege-escalation: it defaults to true, so only an explicit false counts.
    const Value* escalation = field(sc, "allowPrivilegeEscalation");
    if (is_true(escalation)) {
      out.add("no-privilege-escalation", k.at(t, {"securityContext", "allowPrivilegeEscalation"}),
              who + " allows privilege escalation", "set securityContext.allowPrivilegeEscalation: false");
    } else if (!is_false(escalation)) {
      out.add("no-privilege-escalation", where,
              who + " does not set allowPrivilegeEscalation: false (it defaults to true)",
              "set securityContext.allowPrivilegeEscalation: false", true);
    }

    // no-privileged
    if (is_true(field(sc, "privileged"))) {
      out.add("no-privileged", k.at(t, {"securityContext", "privileged"}),
              who + " is privileged: it holds every capability and every host device",
              "remove privileged: true; add only the capabilities it needs");
    }
    const Value* add = dig(sc, {"capabilities", "add"});
    if (is_array(add)) {
      for (std::size_t i = 0; i < add->items.size(); ++i) {
        std::string_view cap = str(&add->items[i]);
        if (cap.substr(0, 4) == "CAP_") cap.remove_prefix(4);
        if (std::find(std::begin(kNearRootCapabilities), std::end(kNearRootCapabilities), cap) == std::end(kNearRootCapabilities))
          continue;
        out.add("no-privileged", k.at(t, {"securityContext", "capabilities", "add", std::to_string(i)}),
                who + " adds capability " + std::string(cap) + ", which is close to root on the node",
                "drop it, or run this as a node agent DaemonSet with a suppression that says why");
      }
    }
  }
  if (any_agent) return;
  for (const char* host : {"hostPID", "hostIPC"}) {
    if (is_true(field(t.spec, host)))
      out.add("no-privileged", t.at({"spec", host}),
              std::string("the pod shares the node's ") + (host[4] == 'P' ? "process IDs" : "IPC namespace") + " (" +
                  host + ")",
              std::string("remove ") + host + ": true");
  }
}

}  // namespace bg::check::rules
