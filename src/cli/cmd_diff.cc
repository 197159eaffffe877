// betelgeuse diff: what apply would change, as a unified diff against live (kubectl diff's exit
// codes: 0 no differences, 1 differences, 2 error). Secret values are masked; server-written
// fields and defaults are not noise because the right side is a server-side dry run.
#include "apply/preview.h"
#include "cli/live.h"

namespace bg::cli {

int cmd_diff(Io& io, const LiveOptions& options) {
  int exit_code = kExitOk;
  auto session = open_live(io, options, exit_code);
  if (!session) return exit_code;
  auto p = apply::preview(*session->cluster, std::move(session->input), options.prune_data);
  if (!p) {
    io.err << "betelgeuse: " << p.status().message() << "\n";
    return kExitBadInput;
  }
  auto text = apply::diff_text(*session->cluster, *p, {.context = 3, .color = io.color_out});
  if (!text) {
    io.err << "betelgeuse: " << text.status().message() << "\n";
    return kExitBadInput;
  }
  io.out << *text;
  for (const apply::PreviewItem& k : p->keep) io.err << k.object << " would be kept (holds data; --prune-data deletes it)\n";
  return text->empty() ? kExitOk : kExitFindings;
}

}  // namespace bg::cli
