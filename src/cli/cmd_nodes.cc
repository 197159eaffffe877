// betelgeuse nodes render | apply: the machines of the platform.
//
// Both load the platform like every other command (bad input: exit 2, nothing written — not the
// output folder, not the state file), then complete the nodes state (new keys, allocations) and
// build the nodes Plan. render writes the per-node tree; apply runs the phases over SSH (progress on
// stdout, a failure on stderr naming host, step and reason, exit 1), or with --dry-run prints every
// step without connecting or saving anything. The state is saved before any file or machine sees
// its keys, so nothing ever holds a key the state file does not.
#include <sys/stat.h>

#include "cli/cli.h"
#include "nodes/executor.h"
#include "nodes/phases.h"
#include "nodes/plan.h"
#include "nodes/render.h"
#include "nodes/ssh_host.h"
#include "nodes/state.h"
#include "pipeline/pipeline.h"

namespace bg::cli {
namespace {

struct Loaded {
  pipeline::PipelineResult pipeline;
  nodes::NodesState state;
  nodes::Plan plan;
  bool state_changed = false;
  std::string state_path;
};

// Exit code on failure, 0 when `out` is ready.
int load(Io& io, const std::string& spec_path, const std::string& state_path,
         const std::vector<std::string>& rotate, Loaded& out) {
  out.state_path = state_path.empty() ? nodes::default_state_path(spec_path) : state_path;
  out.pipeline = pipeline::run(io.fs, spec_path, out.state_path);  // resolve reads the recorded addresses
  if (!out.pipeline.ok()) {
    io.err << render_diagnostics(out.pipeline.diagnostics, out.pipeline.sources, io.color_err);
    return kExitBadInput;
  }
  Result<nodes::NodesState> state = nodes::load_state(out.state_path);
  if (!state) {
    io.err << "betelgeuse: " << state.status().message() << "\n";
    return kExitBadInput;
  }
  out.state = std::move(*state);
  nodes::PlanOptions options;
  for (const std::string& name : rotate) {
    if (!out.pipeline.spec.find_node(name)) {
      io.err << "betelgeuse: --rotate-key " << name << ": no such node in " << spec_path << "\n";
      return kExitBadInput;
    }
    options.rotate_keys.insert(name);
  }
  Diagnostics diags;
  out.plan = nodes::build_plan(out.pipeline.spec, out.pipeline.platform, out.state, options, out.state_changed, diags);
  if (diags.has_errors()) {
    io.err << render_diagnostics(diags, out.pipeline.sources, io.color_err);
    return kExitBadInput;
  }
  return kExitOk;
}

int save(Io& io, const Loaded& l) {
  if (!l.state_changed) return kExitOk;
  if (Status s = nodes::save_state(l.state_path, l.state); !s) return report_failure(io, s);
  io.err << "nodes state saved to " << l.state_path << " (keep it private and backed up)\n";
  return kExitOk;
}

// While alive, new files and folders are private to their owner (the tree holds keys).
struct PrivateUmask {
  mode_t old = ::umask(077);
  ~PrivateUmask() { ::umask(old); }
};

}  // namespace

int cmd_nodes_render(Io& io, const NodesRenderOptions& o) {
  if (o.out_dir == "-") {  // the files hold private keys: never to a stream
    io.err << "betelgeuse: nodes render writes private keys and needs a folder: pass -o DIR\n";
    return kExitBadInput;
  }
  Loaded l;
  if (int rc = load(io, o.spec, o.state, o.rotate_keys, l)) return rc;
  std::map<std::string, std::string> tree = nodes::render_nodes(l.plan);
  if (int rc = save(io, l)) return rc;
  Status written;
  {
    PrivateUmask private_files;
    written = io.fs.write_tree(o.out_dir, tree, nodes::kNodesTreeHeader);
  }
  if (!written) return report_failure(io, written);
  io.err << "rendered " << l.plan.nodes.size() << " nodes into " << o.out_dir << " (" << tree.size() << " files)\n";
  return kExitOk;
}

int cmd_nodes_apply(Io& io, const NodesApplyOptions& o) {
  Loaded l;
  if (int rc = load(io, o.spec, o.state, {}, l)) return rc;
  std::vector<nodes::Target> targets;
  for (const nodes::NodePlan& n : l.plan.nodes) targets.push_back({n.name, n.public_address, o.ssh_port, o.ssh_user});
  std::vector<nodes::Step> steps = nodes::steps_of(nodes::apply_phases(), l.plan);
  if (o.dry_run) {
    nodes::print_dry_run(targets, steps, io.out);
    io.err << "dry run: " << steps.size() << " steps on " << targets.size() << " nodes; nothing was connected or changed"
           << (l.state_changed ? " (the nodes state would be created or completed: it is saved on a real run)" : "")
           << "\n";
    return kExitOk;
  }
  if (int rc = save(io, l)) return rc;
  nodes::SshOptions ssh;
  ssh.known_hosts = o.known_hosts;
  ssh.identity_file = o.ssh_key;
  ssh.accept_new_host_keys = o.accept_new_host_keys;
  ssh.sudo = o.sudo;
  nodes::SshConnector connector(ssh);
  nodes::ExecuteSummary summary = nodes::execute(connector, targets, steps, io.out);
  if (summary.failure) {
    io.err << "betelgeuse: nodes apply stopped at " << summary.failure->str() << "\n";
    io.err << "hint: fix the cause and run `betelgeuse nodes apply` again; finished steps are skipped\n";
    return kExitFindings;
  }
  io.err << "nodes apply: " << summary.done << " steps done, " << summary.already_done << " already done, on "
         << targets.size() << " nodes\n";
  return kExitOk;
}

}  // namespace bg::cli
