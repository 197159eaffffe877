#include "cli/cli.h"

#include <CLI/CLI.hpp>

namespace bg::cli {

int run(const std::vector<std::string>& args, Io& io) {
  CLI::App app{"betelgeuse: the BetelgeuseBytes platform from one platform.yaml", "betelgeuse"};
  app.set_version_flag("--version", std::string("betelgeuse ") + BETELGEUSE_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 findings, 2 bad input.");

  std::string init_path = "platform.yaml";
  bool init_force = false;
  CLI::App* init = app.add_subcommand("init", "Write a commented starter platform.yaml");
  init->add_option("-o,--output", init_path, "Where to write it ('-' for stdout)");
  init->add_flag("--force", init_force, "Overwrite an existing file");

  std::string plan_spec = "platform.yaml", plan_output = "table";
  CLI::App* plan = app.add_subcommand("plan", "Show what the platform consists of, and any findings");
  plan->add_option("spec", plan_spec, "The platform file (default platform.yaml)");
  plan->add_option("-o,--output", plan_output, "table or json")->check(CLI::IsMember({"table", "json"}));

  std::string render_spec = "platform.yaml", render_out;
  CLI::App* render = app.add_subcommand("render", "Write every Kubernetes object as a kustomize tree");
  render->add_option("spec", render_spec, "The platform file (default platform.yaml)");
  render->add_option("-o,--output", render_out, "Output folder ('-' for one YAML stream on stdout)")->required();

  std::string diagram_spec = "platform.yaml", diagram_out = "-", diagram_format;
  CLI::App* diagram = app.add_subcommand("diagram", "Draw the platform hub-and-spoke (DOT, or SVG with Graphviz)");
  diagram->add_option("spec", diagram_spec, "The platform file (default platform.yaml)");
  diagram->add_option("-o,--output", diagram_out, "Output file, .dot or .svg ('-' for stdout, the default)");
  diagram->add_option("--format", diagram_format, "dot or svg (default: from the file name, else dot)")
      ->check(CLI::IsMember({"dot", "svg"}));

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
  nodes_render->add_option("--state", nodes_render_opts.state, "The nodes state file (default .betelgeuse/nodes-state.json beside the spec)");
  nodes_render->add_option("--rotate-key", nodes_render_opts.rotate_keys, "Make a new WireGuard key pair for this node");
  CLI::App* nodes_apply = nodes->add_subcommand("apply", "Run the node phases over SSH (idempotent; a re-run resumes)");
  nodes_apply->add_option("spec", nodes_apply_opts.spec, "The platform file (default platform.yaml)");
  nodes_apply->add_option("--state", nodes_apply_opts.state, "The nodes state file (default .betelgeuse/nodes-state.json beside the spec)");
  nodes_apply->add_flag("--dry-run", nodes_apply_opts.dry_run, "Print every step per host; connect to nothing");
  nodes_apply->add_option("--ssh-user", nodes_apply_opts.ssh_user, "SSH user (default root; add --sudo for another user)");
  nodes_apply->add_option("--ssh-port", nodes_apply_opts.ssh_port, "SSH port (default 22)")->check(CLI::Range(1, 65535));
  nodes_apply->add_option("--ssh-key", nodes_apply_opts.ssh_key, "Private key file (default: ssh-agent, then ~/.ssh/id_*)");
  nodes_apply->add_option("--known-hosts", nodes_apply_opts.known_hosts, "known_hosts file (default ~/.ssh/known_hosts)");
  nodes_apply->add_flag("--accept-new-host-keys", nodes_apply_opts.accept_new_host_keys,
                        "Record the keys of hosts not yet in known_hosts (a changed key is always refused)");
  nodes_apply->add_flag("--sudo", nodes_apply_opts.sudo, "Run commands through sudo -n");

  std::vector<std::string> argv_store = args;
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
  } catch (const CLI::ParseError& e) {
    io.err << "betelgeuse: " << e.what() << "\n";
    io.err << "hint: run `betelgeuse --help`" << "\n";
    return kExitBadInput;
  }
  if (init->parsed()) return cmd_init(io, init_path, init_force);
  if (diagram->parsed()) return cmd_diagram(io, diagram_spec, diagram_out, diagram_format);
  if (plan->parsed()) return cmd_plan(io, plan_spec, plan_output);
  if (render->parsed()) return cmd_render(io, render_spec, render_out);
  if (check->parsed()) return cmd_check(io, check_opts);
  if (nodes_render->parsed()) return cmd_nodes_render(io, nodes_render_opts);
  if (nodes_apply->parsed()) return cmd_nodes_apply(io, nodes_apply_opts);
  return kExitBadInput;
}

}  // namespace bg::cli
