// Phase facts: what each machine is, shown as progress before anything is changed.
#include "nodes/phases.h"

namespace bg::nodes {

std::vector<Step> facts_steps(const Plan& plan) {
  std::vector<Step> out;
  for (const NodePlan& n : plan.nodes) {
    Step s;
    s.phase = "facts";
    s.host = n.name;
    s.name = "gather facts";
    s.command =
        ". /etc/os-release; echo \"${PRETTY_NAME:-unknown OS}, kernel $(uname -r), $(uname -m), $(nproc) CPUs, "
        "$(awk '/^MemTotal:/ {printf \"%.0f\", $2/1048576}' /proc/meminfo) GiB memory\"";
    s.show_output = true;
    out.push_back(s);
  }
  return out;
}

}  // namespace bg::nodes
