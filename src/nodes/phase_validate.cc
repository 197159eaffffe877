// Phase validate: refuse machines that cannot become the node the spec describes, before changing
// anything on any of them.
#include "nodes/phases.h"

namespace bg::nodes {

std::vector<Step> validate_steps(const Plan& plan) {
  std::vector<Step> out;
  for (const NodePlan& n : plan.nodes) {
    auto req = [&](std::string name, std::string condition, std::string reason) {
      out.push_back(require_step("validate", n.name, std::move(name), std::move(condition), std::move(reason)));
    };
    req("operating system", "command -v apt-get && command -v systemctl",
        "betelgeuse nodes needs a Debian or Ubuntu host with systemd (apt-get and systemctl were not found)");
    req("WireGuard in the kernel", "test -d /sys/module/wireguard || modprobe -n wireguard",
        "the kernel has no WireGuard module (Linux 5.6 or newer has it built in)");
    req("public address", "ip -o addr show | grep -qF ' " + n.public_address + "/'",
        n.public_address + " is not an address of this host: is the SSH target the machine named " + n.name + "?");
    if (!n.ssd_path.empty()) {
      req("SSD mounted", "test -d " + shell_quote(n.ssd_path),
          "ssdPath " + n.ssd_path + " does not exist: mount the SSD there first");
    }
    if (n.gpu()) {
      req("NVIDIA driver", "nvidia-smi -L",
          "nvidia-smi found no working GPU: install the NVIDIA driver (Debian: nvidia-driver from non-free) "
          "and reboot, then run again");
    }
  }
  return out;
}

}  // namespace bg::nodes
