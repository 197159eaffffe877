// The command line: flags → library call → printer, one thin file per command.
//
// run() is main() without the process: it takes the arguments and an Io (streams, terminal facts,
// the FileSystem), so tests drive every command in-process and check exact output and exit codes.
// Exit codes follow DESIGN.md: 0 ok, 1 findings (or failed health), 2 bad input, 3 cannot talk to
// the cluster (unreachable, untrusted, credentials refused, forbidden; the same for every command).
#pragma once

#include <chrono>
#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "apply/cluster.h"
#include "common/filesystem.h"
#include "common/result.h"

namespace bg::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitCluster = 3;

// Where the live commands find the cluster: a kubeconfig (and context) as kubectl reads them.
struct ClusterTarget {
  std::string kubeconfig;  // "" → $KUBECONFIG, then ~/.kube/config, then in-cluster
  std::string context;     // "" → the kubeconfig's current-context
  std::chrono::milliseconds request_timeout{10000};  // one request, its retries included (--request-timeout)
  std::function<void(const std::string& line)> on_retry;  // "cannot reach …; retrying (2/8)…"
};
using ClusterConnector = std::function<Result<std::unique_ptr<apply::Cluster>>(const ClusterTarget&)>;

struct Io {
  std::ostream& out;
  std::ostream& err;
  FileSystem& fs;
  bool color_out = false;  // stdout is a terminal and NO_COLOR is unset
  bool color_err = false;
  std::istream* in = nullptr;  // what `-` reads
  bool tty_err = false;         // stderr is a terminal: progress redraws in place
  ClusterConnector connect;     // empty → the Kubernetes API through src/kube
};

int run(const std::vector<std::string>& args, Io& io);

// Prints a failed operation the one way every command does (`betelgeuse: <what failed>` and, when
// the Status carries one, `hint: …`) and returns `exit_code` (kExitCluster for a failure to talk
// to the cluster; cluster_failure.h).
int report_failure(Io& io, const Status& status, int exit_code = kExitBadInput);

// The commands.
int cmd_init(Io& io, const std::string& path, bool force);
struct PlanOptions {
  std::string spec = "platform.yaml";
  std::string state;             // "" → .betelgeuse/nodes-state.json beside the spec (pipeline.h)
  std::string output = "table";  // table or json
  bool live = false;             // also show what apply would change in the cluster at `target`
  ClusterTarget target;
};
int cmd_plan(Io& io, const PlanOptions& options);
// `state_path` of these and of every command below: the nodes state file whose mesh addresses the
// platform is resolved with; "" → the default beside the spec (pipeline::run).
int cmd_diagram(Io& io, const std::string& spec_path, const std::string& state_path, const std::string& out,
                const std::string& format);
int cmd_render(Io& io, const std::string& spec_path, const std::string& state_path, const std::string& out_dir);
// betelgeuse check (cmd_check.cc).
struct CheckOptions {
  std::vector<std::string> paths;  // files, folders, "-" for stdin
  std::string output = "text";     // text, json or sarif
  std::vector<std::string> crds;   // CustomResourceDefinition files
  std::string fail_on = "warning";  // error, warning, info or none: the lowest severity that exits 1
};
int cmd_check(Io& io, const CheckOptions& options);

// betelgeuse nodes render | apply (cmd_nodes.cc).
struct NodesRenderOptions {
  std::string spec = "platform.yaml";
  std::string out_dir;
  std::string state;                     // "" → .betelgeuse/nodes-state.json beside the spec
  std::vector<std::string> rotate_keys;  // node names whose WireGuard keys are made anew
};
struct NodesApplyOptions {
  std::string spec = "platform.yaml";
  std::string state;
  bool dry_run = false;
  std::string ssh_user = "root";
  int ssh_port = 22;
  std::string ssh_key;      // "" → ssh-agent and ~/.ssh/id_*
  std::string known_hosts;  // "" → ~/.ssh/known_hosts
  bool accept_new_host_keys = false;
  bool sudo = false;  // run commands through `sudo -n` (for a user other than root)
};
int cmd_nodes_render(Io& io, const NodesRenderOptions& options);
int cmd_nodes_apply(Io& io, const NodesApplyOptions& options);

// The live commands: apply, diff, status, destroy, secrets rotate (cmd_apply.cc … cmd_secrets.cc).
struct LiveOptions {
  std::string spec = "platform.yaml";
  std::string state;            // "" → .betelgeuse/nodes-state.json beside the spec
  ClusterTarget target;
  std::string output = "text";  // text or json
  bool prune = true;
  bool prune_data = false;      // apply: prune claims, volumes and CRDs too; destroy: delete them
  bool yes = false;             // destroy without asking
  bool watch = false;           // status: redraw until interrupted
  int parallelism = 8;
  int wave_timeout_seconds = 300;
  std::vector<std::string> rotate;  // secrets rotate: names ("postgres-admin" or "db/postgres-admin")
};
int cmd_apply(Io& io, const LiveOptions& options);
int cmd_diff(Io& io, const LiveOptions& options);
int cmd_status(Io& io, const LiveOptions& options);
int cmd_destroy(Io& io, const LiveOptions& options);
int cmd_secrets_rotate(Io& io, const LiveOptions& options);

}  // namespace bg::cli
