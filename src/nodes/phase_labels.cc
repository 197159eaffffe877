// Phase labels: node labels (role, ingress, the spec's own) and taints (GPU nodes), set through the
// API host's kubectl, plus the `nvidia` RuntimeClass GPU workloads name. Labels that the kubelet may
// not set on itself (node-role.kubernetes.io/*) are why this is not a kubelet flag.
#include "nodes/phases.h"

namespace bg::nodes {

std::string runtime_class_nvidia() {
  return "apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: nvidia\nhandler: nvidia\n"
         "scheduling:\n  nodeSelector:\n    nvidia.com/gpu.present: \"true\"\n  tolerations:\n"
         "  - key: nvidia.com/gpu\n    operator: Exists\n    effect: NoSchedule\n";
}

std::vector<Step> label_steps(const Plan& plan) {
  std::vector<Step> out;
  const NodePlan& api = plan.api_host();
  const std::string kubectl = kKubectl;
  auto step = [&](std::string name, std::string check, std::string command) {
    Step s;
    s.phase = "labels";
    s.host = api.name;
    s.name = std::move(name);
    s.check = std::move(check);
    s.command = std::move(command);
    out.push_back(std::move(s));
  };
  bool gpus = false;
  for (const NodePlan& n : plan.nodes) {
    gpus |= n.gpu();
    if (!n.labels.empty()) {
      std::string check = "l=$(" + kubectl + " get node " + n.name + " -o jsonpath='{.metadata.labels}')";
      std::string command = kubectl + " label node " + n.name + " --overwrite";
      for (const auto& [k, v] : n.labels) {
        check += " && echo \"$l\" | grep -qF " + shell_quote("\"" + k + "\":\"" + v + "\"");
        command += " " + shell_quote(k + "=" + v);
      }
      step("labels of " + n.name, check, command + " >/dev/null");
    }
    for (const Taint& t : n.taints) {
      std::string taint = t.key + "=" + t.value + ":" + t.effect;
      step("taint " + taint + " on " + n.name,
           kubectl + " get node " + n.name +
               " -o jsonpath='{range .spec.taints[*]}{.key}={.value}:{.effect}{\"\\n\"}{end}' | grep -qxF " + shell_quote(taint),
           kubectl + " taint node " + n.name + " " + shell_quote(taint) + " --overwrite >/dev/null");
    }
  }
  if (gpus) {
    out.push_back(upload_step("labels", api.name, "RuntimeClass nvidia file", std::string(kConfigDir) + "/runtimeclass-nvidia.yaml",
                              runtime_class_nvidia(), 0644));
    step("RuntimeClass nvidia", kubectl + " get runtimeclass nvidia >/dev/null 2>&1",
         kubectl + " apply -f /etc/betelgeuse/runtimeclass-nvidia.yaml >/dev/null");
  }
  return out;
}

}  // namespace bg::nodes
