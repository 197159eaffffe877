#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include "cli/cluster_failure.h"

#include "common/duration.h"
#include "diag/diagnostic.h"

namespace bg::cli {
namespace {

std::vector<CLI::App*> subcommands_of(CLI::App* app) {
  return app->get_subcommands(std::function<bool(CLI::App*)>([](CLI::App*) { return true; }));
}

// A mistake in the command line itself: `betelgeuse: <what>` and a hint toward the --help of the
// command it was made in. Exit 2.
int usage_error(Io& io, const std::string& what, const std::string& near, const std::string& command) {
  io.err << "betelgeuse: " << what << "\n";
  if (near.empty())
    io.err << "hint: run `" << command << " --help`\n";
  else
    io.err << "hint: did you mean \"" << near << "\"? (see `" << command << " --help`)\n";
  return kExitBadInput;
}

// The command the arguments name, walked before CLI11 parses them so that an unknown or missing
// command and an unknown flag before it are named as such (CLI11 answers all of them with "A
// subcommand is required"). Returns the command reached (`path` its full name) or, after printing
// the mistake, nullptr. Commands with subcommands take no options but --help (and the root
// --version), so every other token there is a command name or a mistake.
CLI::App* command_named(CLI::App& root, const std::vector<std::string>& args, std::string& path, Io& io) {
  CLI::App* cmd = &root;
  path = "betelgeuse";
  for (std::size_t i = 0;; ++i) {
    std::vector<CLI::App*> subs = subcommands_of(cmd);
    if (subs.empty()) return cmd;
    std::vector<std::string> names;
    for (CLI::App* sub : subs) names.push_back(sub->get_name());
    std::string list;
    for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
    if (i == args.size()) {
      usage_error(io, "missing command" + (cmd == &root ? "" : " for `" + path + "`") + "; one of: " + list, "", path);
      return nullptr;
    }
    const std::string& a = args[i];
    if (a == "-h" || a == "--help" || a == "--help-all" || (cmd == &root && a == "--version")) return cmd;
    if (a.rfind('-', 0) == 0) {
      std::vector<std::string> flags = {"--help"};
      if (cmd == &root) flags.push_back("--version");
      usage_error(io, "unknown flag \"" + a + "\"" + (cmd == &root ? "" : " for `" + path + "`"),
                  closest_match(a, flags), path);
      return nullptr;
    }
    CLI::App* next = nullptr;
    for (CLI::App* sub : subs)
      if (sub->get_name() == a) next = sub;
    if (next == nullptr) {
      usage_error(io, "unknown command \"" + a + "\"" + (cmd == &root ? "" : " for `" + path + "` (its commands: " + list + ")"),
                  closest_match(a, names), path);
      return nullptr;
    }
    cmd = next;
    path += " " + a;
  }
}

// The flags `cmd` takes, for "did you mean".
std::vector<std::string> flags_of(CLI::App* cmd) {
  std::vector<std::string> out;
  for (const CLI::Option* o : cmd->get_options()) {
    for (const std::string& l : o->get_lnames()) out.push_back("--" + l);
    for (const std::string& s : o->get_snames()) out.push_back("-" + s);
  }
  return out;
}

}  // namespace

int report_failure(Io& io, const Status& status, int exit_code) { return report_failure(io, "", status, exit_code); }

int run(const std::vector<std::string>& args, Io& io) {
  CLI::App app{"betelgeuse: the BetelgeuseBytes platform from one platform.yaml", "betelgeuse"};
  app.set_version_flag("--version", std::string("betelgeuse ") + BETELGEUSE_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 findings, 2 bad input, 3 cannot talk to the cluster.");
  // --request-timeout of every command that talks to a cluster, read once parsing is done.
  std::vector<std::pair<std::string*, ClusterTarget*>> timeouts;
  std::string plan_timeout, apply_timeout, diff_timeout, status_timeout, destroy_timeout, rotate_timeout;
  const char* timeout_help = "How long one request may take, retries included (default 60s; like kubectl's); an unreachable cluster is given up on after 10s of it";
  // Every command that resolves the spec reads the mesh addresses `nodes` recorded from this file.
  const char* state_help = "The nodes state file (default .betelgeuse/nodes-state.json beside the spec)";

  std::string init_path = "platform.yaml";
  bool init_force = false;
  CLI::App* init = app.add_subcommand("init", "Write a commented starter platform.yaml");
  init->add_option("-o,--output", init_path, "Where to write it ('-' for stdout)");
  init->add_flag("--force", init_force, "Overwrite an existing file");

  PlanOptions plan_opts;
  CLI::App* plan = app.add_subcommand("plan", "Show what the platform consists of, any findings, and (given a cluster) what apply would change");
  plan->add_option("spec", plan_opts.spec, "The platform file (default platform.yaml)");
  plan->add_option("--state", plan_opts.state, state_help);
  plan->add_option("-o,--output", plan_opts.output, "table or json")->check(CLI::IsMember({"table", "json"}));
  plan->add_flag("--live", plan_opts.live, "Compare with the cluster of the default kubeconfig and context");
  CLI::Option* plan_kubeconfig = plan->add_option("--kubeconfig", plan_opts.target.kubeconfig, "Compare with the cluster of this kubeconfig");
  CLI::Option* plan_context = plan->add_option("--context", plan_opts.target.context, "Compare with the cluster of this kubeconfig context");
  plan->add_option("--request-timeout", plan_timeout, timeout_help);
  timeouts.push_back({&plan_timeout, &plan_opts.target});

  std::string render_spec = "platform.yaml", render_state, render_out;
  CLI::App* render = app.add_subcommand("render", "Write every Kubernetes object as a kustomize tree");
  render->add_option("spec", render_spec, "The platform file (default platform.yaml)");
  render->add_option("--state", render_state, state_help);
  render->add_option("-o,--output", render_out, "Output folder ('-' for one YAML stream on stdout)")->required();

  std::string diagram_spec = "platform.yaml", diagram_state, diagram_out = "-", diagram_format;
  CLI::App* diagram = app.add_subcommand("diagram", "Draw the platform hub-and-spoke (DOT, or SVG with Graphviz)");
  diagram->add_option("spec", diagram_spec, "The platform file (default platform.yaml)");
  diagram->add_option("--state", diagram_state, state_help);
  diagram->add_option("-o,--output", diagram_out, "Output file, .dot, .svg or .png ('-' for stdout, the default)");
  diagram->add_option("--format", diagram_format, "dot, svg or png (default: from the file's extension, else dot)")
      ->check(CLI::IsMember({"dot", "svg", "png"}));

  CheckOptions check_opts;
  CLI::App* check = app.add_subcommand("check", "Check manifests against their schemas and the platform's principles");
  check->add_option("paths", check_opts.paths, "Files or folders of YAML/JSON manifests, or - for stdin")->required();
  check->add_option("-o,--output", check_opts.output, "text, json or sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}));
  check->add_option("--crd", check_opts.crds, "A CustomResourceDefinition file whose schemas validate its kinds");
  check->add_option("--fail-on", check_opts.fail_on, "Exit 1 on findings at or above: error, warning (default), info, none")
      ->check(CLI::IsMember({"error", "warning", "info", "none"}));

  NodesRenderOptions nodes_render_opts;
  NodesApplyOptions nodes_apply_opts;
  CLI::App* nodes = app.add_subcommand("nodes", "Bring the machines into the platform: WireGuard mesh, kubeadm, Cilium");
  nodes->require_subcommand(1);
  CLI::App* nodes_render = nodes->add_subcommand("render", "Write each node's files (wg0.conf, kubeadm, Cilium, ...)");
  nodes_render->add_option("spec", nodes_render_opts.spec, "The platform file (default platform.yaml)");
  nodes_render->add_option("-o,--output", nodes_render_opts.out_dir, "Output folder, one subfolder per node")->required();
  nodes_render->add_option("--state", nodes_render_opts.state, state_help);
  nodes_render->add_option("--rotate-key", nodes_render_opts.rotate_keys, "Make a new WireGuard key pair for this node");
  CLI::App* nodes_apply = nodes->add_subcommand("apply", "Run the node phases over SSH (idempotent; a re-run resumes)");
  nodes_apply->add_option("spec", nodes_apply_opts.spec, "The platform file (default platform.yaml)");
  nodes_apply->add_option("--state", nodes_apply_opts.state, state_help);
  nodes_apply->add_flag("--dry-run", nodes_apply_opts.dry_run, "Print every step per host; connect to nothing");
  nodes_apply->add_option("--ssh-user", nodes_apply_opts.ssh_user, "SSH user (default root; add --sudo for another user)");
  nodes_apply->add_option("--ssh-port", nodes_apply_opts.ssh_port, "SSH port (default 22)")->check(CLI::Range(1, 65535));
  nodes_apply->add_option("--ssh-key", nodes_apply_opts.ssh_key, "Private key file (default: ssh-agent, then ~/.ssh/id_*)");
  nodes_apply->add_option("--known-hosts", nodes_apply_opts.known_hosts, "known_hosts file (default ~/.ssh/known_hosts)");
  nodes_apply->add_flag("--accept-new-host-keys", nodes_apply_opts.accept_new_host_keys,
                        "Record the keys of hosts not yet in known_hosts (a changed key is always refused)");
  nodes_apply->add_flag("--sudo", nodes_apply_opts.sudo, "Run commands through sudo -n");

  // The live commands share their flags.
  LiveOptions apply_opts, diff_opts, status_opts, destroy_opts, rotate_opts;
  auto live = [&](CLI::App* cmd, LiveOptions& o, std::string& timeout) {
    cmd->add_option("spec", o.spec, "The platform file (default platform.yaml)");
    cmd->add_option("--state", o.state, state_help);
    cmd->add_option("--kubeconfig", o.target.kubeconfig, "Path to the kubeconfig file (default: $KUBECONFIG, ~/.kube/config)");
    cmd->add_option("--context", o.target.context, "The kubeconfig context to use (default: its current-context)");
    cmd->add_option("--request-timeout", timeout, timeout_help);
    timeouts.push_back({&timeout, &o.target});
  };
  CLI::App* apply_cmd = app.add_subcommand("apply", "Converge the cluster on the platform, in waves with health gates");
  live(apply_cmd, apply_opts, apply_timeout);
  apply_cmd->add_option("-o,--output", apply_opts.output, "text (progress and a summary) or json (one event per line)")
      ->check(CLI::IsMember({"text", "json"}));
  apply_cmd->add_flag("--prune,!--no-prune", apply_opts.prune, "Delete what Betelgeuse applied and no longer renders (default on)");
  apply_cmd->add_flag("--prune-data", apply_opts.prune_data, "Let prune delete volumes, claims and CRDs too");
  apply_cmd->add_option("--parallel", apply_opts.parallelism, "Requests in flight within a wave (default 8)")->check(CLI::Range(1, 64));
  apply_cmd->add_option("--wave-timeout", apply_opts.wave_timeout_seconds, "Seconds a wave may take to become healthy (default 300; longer for a component whose blueprint's startTime is)")
      ->check(CLI::Range(1, 86400));
  CLI::App* diff_cmd = app.add_subcommand("diff", "Show what apply would change, against the live cluster (exit 1 on differences)");
  live(diff_cmd, diff_opts, diff_timeout);
  diff_cmd->add_flag("--prune-data", diff_opts.prune_data, "Show volumes, claims and CRDs prune would delete with --prune-data");
  CLI::App* status_cmd = app.add_subcommand("status", "One row per component: health, replicas, endpoints, certificates, storage");
  live(status_cmd, status_opts, status_timeout);
  status_cmd->add_option("-o,--output", status_opts.output, "text or json")->check(CLI::IsMember({"text", "json"}));
  status_cmd->add_flag("-w,--watch", status_opts.watch, "Redraw every two seconds until interrupted");
  CLI::App* destroy_cmd = app.add_subcommand("destroy", "Delete the platform in reverse waves, keeping its data");
  live(destroy_cmd, destroy_opts, destroy_timeout);
  destroy_cmd->add_flag("--yes", destroy_opts.yes, "Do not ask for confirmation");
  destroy_cmd->add_flag("--delete-data", destroy_opts.prune_data, "Delete volumes, claims, CRDs and their data too");
  CLI::App* secrets_cmd = app.add_subcommand("secrets", "Generated secrets");
  secrets_cmd->require_subcommand(1);
  CLI::App* rotate_cmd = secrets_cmd->add_subcommand("rotate", "Draw new values for the named secrets and apply");
  rotate_cmd->add_option("names", rotate_opts.rotate, "Secrets to rotate: NAME or NAMESPACE/NAME")->required();
  rotate_cmd->add_option("--spec", rotate_opts.spec, "The platform file (default platform.yaml)");
  rotate_cmd->add_option("--state", rotate_opts.state, state_help);
  rotate_cmd->add_option("--kubeconfig", rotate_opts.target.kubeconfig, "Path to the kubeconfig file");
  rotate_cmd->add_option("--context", rotate_opts.target.context, "The kubeconfig context to use");
  rotate_cmd->add_option("--request-timeout", rotate_timeout, timeout_help);
  timeouts.push_back({&rotate_timeout, &rotate_opts.target});

  // `help [COMMAND…]` is `[COMMAND…] --help`.
  std::vector<std::string> argv_store = args;
  if (!argv_store.empty() && argv_store[0] == "help") {
    argv_store.erase(argv_store.begin());
    argv_store.push_back("--help");
  }
  std::string command;
  CLI::App* named = command_named(app, argv_store, command, io);
  if (named == nullptr) return kExitBadInput;
  std::reverse(argv_store.begin(), argv_store.end());  // CLI11's vector parse takes arguments reversed
  try {
    app.parse(argv_store);
  } catch (const CLI::CallForHelp& e) {
    io.out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    io.out << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    io.out << e.what() << "\n";
    return kExitOk;
  } catch (const CLI::ExtrasError& e) {
    // The first of them as written (CLI11 lists them in no useful order).
    std::vector<std::string> extra = app.remaining(true);
    auto first = std::find_first_of(args.begin(), args.end(), extra.begin(), extra.end());
    if (first == args.end()) return usage_error(io, e.what(), "", command);
    const std::string& a = *first;
    if (a.rfind('-', 0) == 0 && a.size() > 1)
      return usage_error(io, "unknown flag \"" + a + "\" for `" + command + "`", closest_match(a, flags_of(named)), command);
    return usage_error(io, "unexpected argument \"" + a + "\" for `" + command + "`", "", command);
  } catch (const CLI::ParseError& e) {
    return usage_error(io, e.what(), "", command);
  }
  for (auto [text, target] : timeouts) {
    if (text->empty()) continue;
    auto d = parse_duration(*text);
    if (!d) {
      io.err << "betelgeuse: --request-timeout: " << d.status().message() << "\n";
      return kExitBadInput;
    }
    target->request_timeout = *d;
  }
  if (init->parsed()) return cmd_init(io, init_path, init_force);
  if (diagram->parsed()) return cmd_diagram(io, diagram_spec, diagram_state, diagram_out, diagram_format);
  if (plan->parsed()) {
    plan_opts.live = plan_opts.live || plan_kubeconfig->count() > 0 || plan_context->count() > 0;
    return cmd_plan(io, plan_opts);
  }
  if (render->parsed()) return cmd_render(io, render_spec, render_state, render_out);
  if (check->parsed()) return cmd_check(io, check_opts);
  if (nodes_render->parsed()) return cmd_nodes_render(io, nodes_render_opts);
  if (nodes_apply->parsed()) return cmd_nodes_apply(io, nodes_apply_opts);
  if (apply_cmd->parsed()) return cmd_apply(io, apply_opts);
  if (diff_cmd->parsed()) return cmd_diff(io, diff_opts);
  if (status_cmd->parsed()) return cmd_status(io, status_opts);
  if (destroy_cmd->parsed()) return cmd_destroy(io, destroy_opts);
  if (rotate_cmd->parsed()) return cmd_secrets_rotate(io, rotate_opts);
  return kExitBadInput;
}

}  // namespace bg::cli
