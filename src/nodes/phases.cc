#include "nodes/phases.h"

namespace bg::nodes {

const std::vector<Phase>& apply_phases() {
  static const std::vector<Phase> kPhases = {
      {"facts", facts_steps},     {"validate", validate_steps}, {"prepare", prepare_steps}, {"mesh", mesh_steps},
      {"kubeadm", kubeadm_steps}, {"cilium", cilium_steps},     {"labels", label_steps},
  };
  return kPhases;
}

std::vector<Step> steps_of(const std::vector<Phase>& phases, const Plan& plan) {
  std::vector<Step> out;
  for (const Phase& p : phases)
    for (Step& s : p.steps(plan)) out.push_back(std::move(s));
  return out;
}

std::vector<Step> steps_on(const std::vector<Step>& steps, const std::string& host) {
  std::vector<Step> out;
  for (const Step& s : steps)
    if (s.host == host) out.push_back(s);
  return out;
}

}  // namespace bg::nodes
