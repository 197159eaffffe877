// betelgeuse diff: what apply would change, as a unified diff against live (kubectl diff's exit
// codes: 0 no differences, 1 differences, 2 error; and ours: 3 cannot talk to the cluster). Secret
// values are masked; server-written fields and defaults are not noise because the right side is a
// server-side dry run. Kinds the cluster does not serve are named on stderr (exit 1: apply would
// refuse to start), and their objects are shown as they would be sent. No differences: `no changes`
// on stderr.
#include "apply/preview.h"
#include "cli/cluster_failure.h"
#include "cli/live.h"

namespace bg::cli {

int cmd_diff(Io& io, const LiveOptions& options) {
  int exit_code = kExitOk;
  auto session = open_live(io, options, exit_code);
  if (!session) return exit_code;
  auto p = apply::preview(*session->cluster, std::move(session->input), options.prune_data);
  if (!p) return report_failure(io, "", p.status(), kExitBadInput);
  auto text = apply::diff_text(*session->cluster, *p, {.context = 3, .color = io.color_out});
  if (!text) return report_failure(io, "", text.status(), kExitBadInput);
  io.out << *text;
  for (const apply::PreviewItem& k : p->keep) io.err << k.object << " would be kept (holds data; --prune-data deletes it)\n";
  if (!p->unserved.empty())
    io.err << "betelgeuse: the cluster does not serve " << p->unserved.size() << " of the platform's kinds; apply would refuse to start:\n"
           << apply::unserved_text(p->unserved) << "hint: " << apply::kUnservedHint << "\n";
  if (text->empty() && p->unserved.empty()) {
    io.err << "no changes\n";  // on stderr: stdout stays a diff, empty when there is none
    return kExitOk;
  }
  return kExitFindings;
}

}  // namespace bg::cli
