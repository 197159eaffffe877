// A container as a local process: the bubblewrap (bwrap) command line that gives a program the
// paths, user, hostname, working directory and environment of a ContainerView, without a
// container runtime.
//
// The image itself is not available: its file system is the host's, read-only, and the test names
// the program that stands for the image's entrypoint (ContainerImage). Over that, the container's
// own paths are bound as the kubelet mounts them: ConfigMap, Secret and token files (read-only),
// its storage and emptyDir volumes (writable unless the mount says readOnly), its hostPath volumes
// (the host's own paths, read-only mounts only: a writable one is refused), and the pod's
// /etc/hosts and /etc/resolv.conf; /tmp is the container's own. Where a mount path does not exist
// on the host below a read-only folder (/etc/prometheus below /etc), that folder becomes a tmpfs
// holding the host's entries one by one, so the new path can be made without touching the host; a
// mount path below a host symlink (/var/run → /run) lands where the link points, as in the image.
//
// The user is the container's (bwrap maps that one uid and gid onto the test's, so the files the
// test lays out belong to it: supplementary groups such as fsGroup cannot be set, and need not be;
// a ConfigMap's or Secret's file that the user reads through its fsGroup in the pod gets the group's
// bits as its owner's here, lay_out()).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "testing/kubelet_view.h"

namespace bg::testing {

// What the image would contribute: the test states it, from the image's Dockerfile.
struct ContainerImage {
  std::vector<std::string> entrypoint;  // host path of the program standing for ENTRYPOINT, and its fixed args
  std::vector<std::string> cmd;         // CMD: the args when the pod gives neither command nor args
  std::string workdir = "/";            // WORKDIR
  std::optional<std::int64_t> user;     // USER, as a number; none: root
  std::vector<std::pair<std::string, std::string>> env;  // ENV (PATH, …); the pod's env wins
  // Folders the image holds writable for its user (postgres' /var/run/postgresql): each container
  // gets a fresh one, as each container gets its own copy of the image's layers.
  std::vector<std::string> writable_dirs;
  // Files the image holds (its start scripts, its configuration in /etc): container path → the
  // host file standing for it, bound read-only (the test's own files stay as they are).
  std::vector<std::pair<std::string, std::string>> files;
  // The image's own folders whose content the test has on the host ({container path, host folder}:
  // Keycloak's /opt/keycloak from the distribution): each container gets a fresh writable copy,
  // as each gets its own copy of the image's layers (Keycloak builds itself into its folder).
  std::vector<std::pair<std::string, std::string>> copied_dirs;
  // The image's own accounts, as /etc/passwd and /etc/group lines ("postgres:x:999:999::/var/lib/
  // postgresql:/bin/bash"): they replace the host's entries of the same name or id, so a program
  // that looks up its user finds what the image would give it.
  std::vector<std::string> passwd;
  std::vector<std::string> group;
  // The image's accounts alone, none of the host's: for a test of what a program finds when its uid
  // has no account (vLLM's image has none for the uid the render gives it; this machine may).
  bool only_image_accounts = false;
};

// `host_file` (an /etc/passwd or /etc/group) with `lines` in place of its entries of the same name
// or id.
std::string merge_accounts(const std::string& host_file, const std::vector<std::string>& lines);

// Where each container path comes from on the host, as laid out by lay_out().
struct SandboxLayout {
  struct Bind {
    std::string host;
    std::string container;
    bool read_only = true;
  };
  std::vector<Bind> binds;  // in mount order
};

// Kubernetes' argv for the container: command (or the image's entrypoint) then args (or, with
// neither, the image's CMD).
std::vector<std::string> container_argv(const ContainerView& view, const ContainerImage& image);

// Writes the container's files below `dir` (one folder per mount) and returns the binds: ConfigMap,
// Secret and token files; storage volumes from `storage` (volume name → host folder; a volume not
// named there gets a fresh folder below `dir`); emptyDirs; read-only hostPaths (the host's path
// itself, of the volume's type; a writable one is an error); `hosts` and `resolv_conf` as
// /etc/hosts and /etc/resolv.conf; a fresh /tmp.
Result<SandboxLayout> lay_out(const ContainerView& view, const std::string& dir,
                              const std::map<std::string, std::string>& storage, const std::string& hosts,
                              const std::string& resolv_conf);

// What bwrap needs to know of the host's file system: a path's type, and a folder's entries.
struct HostTree {
  enum class Type { kMissing, kDir, kFile, kSymlink };
  std::function<Type(const std::string&)> type;
  std::function<std::vector<std::string>(const std::string&)> entries;  // names, sorted
  std::function<std::string(const std::string&)> link_target;
  static HostTree real();
};

// bwrap's arguments (without the program): namespaces, the host read-only, the folders that must
// hold new paths turned into tmpfs copies, the binds, /dev, /proc, user, hostname, working
// directory and the whole environment. Refuses a user the pod says must not be root.
Result<std::vector<std::string>> bwrap_args(const ContainerView& view, const ContainerImage& image,
                                            const SandboxLayout& layout, const HostTree& host);

}  // namespace bg::testing
