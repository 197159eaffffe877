// betelgeuse destroy: everything Betelgeuse applied goes, in reverse waves (apply/destroy.h).
//
// It asks first, by name, unless --yes: a person types the platform's name, as with `gh repo
// delete`. Data stays unless --delete-data: local volumes, claims, CRDs and the namespaces that
// hold claims are kept and listed. A destroy that finds nothing says what it looked for; one that
// cannot read the cluster deletes nothing and exits 3 (cluster_failure.h).
#include <string>

#include "apply/destroy.h"
#include "cli/cluster_failure.h"
#include "cli/live.h"

namespace bg::cli {

int cmd_destroy(Io& io, const LiveOptions& options) {
  int exit_code = kExitOk;
  auto session = open_live(io, options, exit_code);
  if (!session) return exit_code;
  const std::string& name = session->run.platform.name;
  if (!options.yes) {
    io.err << "This deletes every object of platform \"" << name << "\""
           << (options.prune_data ? ", its volumes and their data" : " (volumes and their data are kept)") << ".\n"
           << "Type the platform name to confirm: ";
    std::string answer;
    if (!io.in || !std::getline(*io.in, answer) || answer != name) {
      io.err << "\nbetelgeuse: not confirmed; nothing was deleted\nhint: pass --yes to skip the question\n";
      return kExitFindings;
    }
  }
  auto summary = apply::destroy_platform(*session->cluster, session->input.parent, options.prune_data, [&](const apply::ApplyEvent& e) {
    io.err << e.object << " " << (e.kind == apply::ApplyEvent::Kind::kKept ? "kept (holds data; --delete-data deletes it)" : "deleted")
           << "\n";
  });
  if (!summary) return report_failure(io, "destroy stopped: ", summary.status(), kExitFindings, "run it again; it resumes");
  if (!summary->found_parent) {
    const apply::ApplySetParent& parent = session->input.parent;
    io.err << "betelgeuse: nothing to delete: the cluster has no " << parent.kind << " " << parent.ns << "/" << parent.name
           << ", the record of what platform \"" << name << "\" applied\n"
           << "hint: it was never applied to this cluster, or is destroyed already; check --kubeconfig and --context\n";
  }
  io.out << summary->deleted << " deleted, " << summary->kept << " kept\n";
  return kExitOk;
}

}  // namespace bg::cli
