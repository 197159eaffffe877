// Phase prepare: the machine prerequisites of a kubeadm node on the mesh.
//
// Swap off (the kubelet refuses swap by default); kernel modules (overlay and br_netfilter for
// containers, wireguard for the mesh) loaded now and at boot; sysctls (forwarding on, bridge
// netfilter, reverse-path filtering off so pod traffic arriving over wg0 is not dropped, inotify
// limits); packages; containerd 2 from Docker's repository (Kubernetes 1.36 is the last release
// accepting containerd 1.x, which is all Debian 12 ships) with the systemd cgroup driver; kubeadm,
// kubelet and kubectl pinned and held; on GPU nodes the NVIDIA container toolkit registered as a
// containerd runtime; the folders behind the local PersistentVolumes the render places on this node;
// and the firewall. `nodes render` writes the same steps as prepare.sh.
#include "nodes/firewall.h"
#include "nodes/kubeadm.h"
#include "nodes/phases.h"

namespace bg::nodes {
namespace {

std::string kube_minor() {  // "v1.36.2" → "v1.36"
  std::string v = kKubernetesVersion;
  return v.substr(0, v.rfind('.'));
}

// Passes when every package is installed (no `exit`: the check also runs inside prepare.sh).
std::string installed(const std::vector<std::string>& packages) {
  std::string out = "! for p in";
  for (const std::string& p : packages) out += " " + p;
  return out + "; do dpkg-query -W -f='${Status}' \"$p\" 2>/dev/null | grep -q 'install ok installed' || echo missing; "
               "done | grep -q missing";
}

constexpr const char* kApt = "DEBIAN_FRONTEND=noninteractive apt-get";

std::string modules_load_conf() { return "# written by betelgeuse nodes\noverlay\nbr_netfilter\nwireguard\n"; }

std::string sysctl_conf() {
  return "# written by betelgeuse nodes\n"
         "net.ipv4.ip_forward = 1\n"
         "net.bridge.bridge-nf-call-iptables = 1\n"
         "net.bridge.bridge-nf-call-ip6tables = 1\n"
         "net.ipv4.conf.all.rp_filter = 0\n"
         "net.ipv4.conf.default.rp_filter = 0\n"
         "fs.inotify.max_user_instances = 8192\n"
         "fs.inotify.max_user_watches = 524288\n";
}

}  // namespace

std::vector<Step> prepare_steps(const Plan& plan) {
  std::vector<Step> out;
  const std::string kube_pkg = std::string(kKubernetesVersion).substr(1) + "-1.1";
  for (const NodePlan& n : plan.nodes) {
    auto step = [&](std::string name, std::string check, std::string command) {
      Step s;
      s.phase = "prepare";
      s.host = n.name;
      s.name = std::move(name);
      s.check = std::move(check);
      s.command = std::move(command);
      out.push_back(std::move(s));
    };
    step("swap off", "test -z \"$(swapon --show --noheadings)\"",
         "swapoff -a && sed -ri '/^[^#].*[[:space:]]swap[[:space:]]/s/^/#/' /etc/fstab");
    out.push_back(upload_step("prepare", n.name, "kernel modules", "/etc/modules-load.d/betelgeuse.conf",
                              modules_load_conf(), 0644, "modprobe overlay && modprobe br_netfilter && modprobe wireguard"));
    out.push_back(upload_step("prepare", n.name, "sysctls", "/etc/sysctl.d/90-betelgeuse.conf", sysctl_conf(), 0644,
                              "sysctl --system >/dev/null"));
    std::vector<std::string> base = {"ca-certificates", "curl", "gpg", "wireguard-tools", "nftables", "conntrack",
                                     "socat", "ethtool", "iproute2"};
    std::string base_list;
    for (const std::string& p : base) base_list += " " + p;
    step("base packages", installed(base), std::string(kApt) + " update -qq && " + kApt + " install -y -qq" + base_list);
    step("containerd", installed({"containerd.io"}) + " && grep -q 'SystemdCgroup = true' /etc/containerd/config.toml",
         "install -m 0755 -d /etc/apt/keyrings && . /etc/os-release && "
         "curl -fsSL \"https://download.docker.com/linux/$ID/gpg\" | gpg --dearmor --yes -o /etc/apt/keyrings/docker.gpg && "
         "echo \"deb [signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/$ID $VERSION_CODENAME stable\" "
         "> /etc/apt/sources.list.d/docker.list && " +
             std::string(kApt) + " update -qq && " + kApt + " install -y -qq containerd.io && "
             "mkdir -p /etc/containerd && containerd config default > /etc/containerd/config.toml && "
             "sed -i 's/SystemdCgroup = false/SystemdCgroup = true/' /etc/containerd/config.toml && "
             "{ grep -q 'SystemdCgroup = true' /etc/containerd/config.toml || "
             "{ echo 'containerd config has no SystemdCgroup setting to switch on' >&2; exit 1; }; } && "
             "systemctl enable containerd && systemctl restart containerd");
    step("kubeadm, kubelet, kubectl " + std::string(kKubernetesVersion),
         "test \"$(kubeadm version -o short 2>/dev/null)\" = " + std::string(kKubernetesVersion),
         "install -m 0755 -d /etc/apt/keyrings && "
         "curl -fsSL https://pkgs.k8s.io/core:/stable:/" + kube_minor() + "/deb/Release.key | "
         "gpg --dearmor --yes -o /etc/apt/keyrings/kubernetes.gpg && "
         "echo 'deb [signed-by=/etc/apt/keyrings/kubernetes.gpg] https://pkgs.k8s.io/core:/stable:/" + kube_minor() +
             "/deb/ /' > /etc/apt/sources.list.d/kubernetes.list && " + kApt + " update -qq && apt-mark unhold kubelet kubeadm kubectl >/dev/null 2>&1; " +
             kApt + " install -y -qq --allow-change-held-packages kubelet=" + kube_pkg + " kubeadm=" + kube_pkg +
             " kubectl=" + kube_pkg + " && apt-mark hold kubelet kubeadm kubectl && systemctl enable kubelet");
    if (n.gpu()) {
      step("NVIDIA container toolkit",
           installed({"nvidia-container-toolkit"}) + " && containerd config dump | grep -q nvidia-container-runtime",
           "install -m 0755 -d /etc/apt/keyrings && "
           "curl -fsSL https://nvidia.github.io/libnvidia-container/gpgkey | "
           "gpg --dearmor --yes -o /etc/apt/keyrings/nvidia-container-toolkit.gpg && "
           "echo 'deb [signed-by=/etc/apt/keyrings/nvidia-container-toolkit.gpg] "
           "https://nvidia.github.io/libnvidia-container/stable/deb/$(ARCH) /' | "
           "sed \"s/\\$(ARCH)/$(dpkg --print-architecture)/\" > /etc/apt/sources.list.d/nvidia-container-toolkit.list && " +
               std::string(kApt) + " update -qq && " + kApt + " install -y -qq nvidia-container-toolkit && "
               "nvidia-ctk runtime configure --runtime=containerd && systemctl restart containerd");
    }
    if (!n.storage_dirs.empty()) {
      std::string check, make = "mkdir -p", mode = "chmod 0700";
      for (const std::string& d : n.storage_dirs) {
        check += (check.empty() ? "" : " && ") + std::string("test -d ") + shell_quote(d);
        make += " " + shell_quote(d);
        mode += " " + shell_quote(d);
      }
      step("local volume folders", check, make + " && " + mode);
    }
    out.push_back(upload_step("prepare", n.name, "firewall", std::string(kConfigDir) + "/firewall.nft",
                              firewall_rules(plan, n), 0600,
                              "nft -f /etc/betelgeuse/firewall.nft && "
                              "{ grep -qF '/etc/betelgeuse/firewall.nft' /etc/nftables.conf 2>/dev/null || "
                              "echo 'include \"/etc/betelgeuse/firewall.nft\"' >> /etc/nftables.conf; } && "
                              "systemctl enable nftables"));
  }
  return out;
}

}  // namespace bg::nodes
