// What the kubelet gives one container of a rendered pod template, as a plain value: its command
// and args (with `$(VAR)` expanded as the kubelet expands them), its environment (literal values,
// `secretKeyRef`s and `configMapKeyRef`s read from the objects apply would send, `fieldRef`s of the
// pod, `envFrom`, and the service-link variables of the Services in its namespace unless
// `enableServiceLinks: false`, plus the `kubernetes` Service's, which every pod gets), the files of
// its ConfigMap, Secret and service-account token volumes, its storage and emptyDir mounts, its
// user and group, its ports and its probes, and its hostPath volumes (the node's own folders, named
// here; the sandbox binds them, read-only only: container_sandbox.h).
//
// It is the contract tests' reading of the pod template (docs/testing.md, "Contract tests"): pure,
// so that what a container is given can be asserted without running anything. Anything the
// kubelet would give that this does not model (resourceFieldRef, projected volumes, gRPC probes)
// is an error naming it, never silently left out.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "manifest/object.h"

namespace bg::testing {

// Where the cluster put the pod: what `fieldRef`s read and what the hosts file names.
struct PodPlacement {
  std::string pod_name;  // a StatefulSet's first pod is NAME-0
  std::string pod_ip;
  std::string pod_uid = "00000000-0000-4000-8000-000000000001";
  std::string node_name = "worker-1";
  std::string host_ip = "127.0.0.1";
};

// The token volume the kubelet projects into a pod that automounts its service account's token.
struct ServiceAccountFiles {
  std::string token;
  std::string ca_crt;
};

// The cluster around the pod: the objects apply would send (rendered objects and the Secrets it
// generates, with their final base64 `data`), the ClusterIP of each Service, and the
// service-account tokens the API server would issue.
struct ClusterFacts {
  std::vector<manifest::Json> objects;
  std::map<std::string, std::string> service_ips;  // "namespace/name" → ClusterIP
  std::string kubernetes_service_ip = "10.96.0.1";  // default/kubernetes, every pod's API server address
  std::map<std::string, ServiceAccountFiles> service_accounts;  // "namespace/name"

  const manifest::Json* find(const std::string& kind, const std::string& ns, const std::string& name) const;
};

// Gives every ClusterIP Service of `objects` an address of 10.96.0.0/12 (from 10.96.1.1 on, in
// the objects' order), as the API server would allocate them.
std::map<std::string, std::string> allocate_service_ips(const std::vector<manifest::Json>& objects);

// One file of a ConfigMap, Secret or token volume.
struct VolumeFile {
  std::string content;
  int mode = 0644;
};

struct Mount {
  enum class Kind { kFiles, kStorage, kEmptyDir, kHostPath };
  std::string path;    // in the container
  std::string volume;  // the pod's volume name
  Kind kind = Kind::kFiles;
  // kFiles: path below the mount → file. A subPath mount of one key holds one entry under "".
  std::map<std::string, VolumeFile> files;
  // kFiles of a ConfigMap or Secret in a pod with an fsGroup: the kubelet gives the files (owned by
  // root) that group and adds group read to their modes (SetVolumeOwnership): the container's user
  // reads them through its group, and `files` hold those modes.
  bool group_owned = false;
  std::string sub_path;  // kStorage and kEmptyDir: the part of the volume mounted
  bool read_only = false;
  // kHostPath: the node's path, the volume's `type` ("" when unchecked) and the volumeMount's
  // mountPropagation ("" is None).
  std::string host_path;
  std::string host_path_type;
  std::string propagation;
};

struct ContainerView {
  std::string name;
  std::string ns;
  std::vector<std::string> command;  // empty: the image's entrypoint
  std::vector<std::string> args;     // empty with an empty command: the image's CMD
  std::vector<std::pair<std::string, std::string>> env;  // sorted by name
  std::vector<Mount> mounts;         // in the order of volumeMounts
  std::optional<std::int64_t> uid;   // runAsUser (container over pod); none: the image's user
  std::optional<std::int64_t> gid;   // runAsGroup
  std::optional<std::int64_t> fs_group;
  bool run_as_non_root = false;      // the kubelet refuses to start it as uid 0
  std::string working_dir;           // empty: the image's
  std::string hostname;              // the pod's name
  std::map<std::string, int> named_ports;
  std::vector<int> ports;            // every containerPort
  manifest::Json readiness_probe;    // null when none
  manifest::Json liveness_probe;
  manifest::Json startup_probe;

  std::string env_value(const std::string& name) const;  // "" when unset
};

// The pod template of a Deployment, StatefulSet, DaemonSet, Job or CronJob.
Result<manifest::Json> pod_template(const manifest::Json& workload);

// The view of container `container` (or init container, when `init`) of `workload`'s pods.
Result<ContainerView> kubelet_view(const ClusterFacts& facts, const manifest::Json& workload,
                                   const PodPlacement& placement, const std::string& container, bool init = false);

// The kubelet's `$(VAR)` expansion: `$$` is `$`, `$(NAME)` the value when `lookup` knows NAME and
// left as written otherwise.
std::string expand_vars(const std::string& text, const std::map<std::string, std::string>& vars);

// The service-link variables of `services` (each a Service object with a ClusterIP in `ips`).
std::map<std::string, std::string> service_link_env(const std::vector<const manifest::Json*>& services,
                                                    const std::map<std::string, std::string>& ips);

}  // namespace bg::testing
