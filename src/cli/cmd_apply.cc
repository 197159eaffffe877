// betelgeuse apply: converge the cluster on the platform, wave by wave (apply/engine.h).
//
// Progress goes to stderr (redrawn in place on a terminal), the kubectl-like summary line to
// stdout; `-o json` streams one event per line on stdout instead. Exit 1 when a wave is blocked,
// the cluster does not serve a kind the platform needs, or refuses a write, after saying why; exit
// 3 when the cluster cannot be talked to (cluster_failure.h).
#include <unistd.h>

#include <memory>

#include "apply/progress.h"
#include "apply/waves.h"
#include "cli/cluster_failure.h"
#include "cli/live.h"

namespace bg::cli {

int run_apply(Io& io, const LiveOptions& options, const std::set<std::string>& rotate) {
  int exit_code = kExitOk;
  auto session = open_live(io, options, exit_code);
  if (!session) return exit_code;
  auto waves = apply::plan_waves(session->input.objects, session->input.depends_on);
  bool json = options.output == "json";
  auto style = json ? apply::ProgressStyle::kJson : io.tty_err ? apply::ProgressStyle::kTerminal : apply::ProgressStyle::kPlain;
  // The terminal's width matters only to the in-place redraw; only then is SIGWINCH ours.
  std::unique_ptr<apply::TtyWidth> width;
  if (style == apply::ProgressStyle::kTerminal) width = std::make_unique<apply::TtyWidth>(STDERR_FILENO);
  SystemClock clock;
  apply::ProgressPrinter printer(json ? io.out : io.err, style, waves ? *waves : std::vector<apply::Wave>{}, clock,
                                 width.get());
  apply::RunOptions run_options;
  run_options.parallelism = options.parallelism;
  run_options.wave_timeout = std::chrono::seconds(options.wave_timeout_seconds);
  run_options.prune = options.prune;
  run_options.prune_data = options.prune_data;
  run_options.rotate = rotate;
  auto summary = apply::apply_platform(*session->cluster, clock, std::move(session->input), run_options,
                                       [&](const apply::ApplyEvent& e) { printer(e); });
  printer.finish();
  if (!summary)
    return report_failure(io, "apply stopped: ", summary.status(), kExitFindings,
                          "fix what is named above and run `betelgeuse apply` again; it resumes where it stopped");
  if (!json) io.out << summary->line() << "\n";
  return kExitOk;
}

int cmd_apply(Io& io, const LiveOptions& options) { return run_apply(io, options, {}); }

}  // namespace bg::cli
