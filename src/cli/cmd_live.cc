#include <memory>
#include <mutex>

#include "apply/input.h"
#include "cli/live.h"

namespace bg::cli {

std::optional<LiveSession> open_live(Io& io, const LiveOptions& options, int& exit_code) {
  LiveSession s;
  s.run = pipeline::run(io.fs, options.spec, options.state);
  if (!s.run.ok()) {
    io.err << render_diagnostics(s.run.diagnostics, s.run.sources, io.color_err);
    exit_code = kExitBadInput;
    return std::nullopt;
  }
  auto input = apply::apply_input(s.run);
  if (!input) {
    io.err << "betelgeuse: " << input.status().message() << "\n";
    exit_code = kExitFindings;
    return std::nullopt;
  }
  s.input = std::move(*input);
  ClusterTarget target = options.target;
  // Retries are announced as they happen, so a slow failure is never a silent one.
  auto err_mu = std::make_shared<std::mutex>();
  target.on_retry = [&io, err_mu](const std::string& line) {
    std::lock_guard lock(*err_mu);
    io.err << "betelgeuse: " << line << "\n";
    io.err.flush();
  };
  auto cluster = io.connect ? io.connect(target) : connect_kubernetes(target);
  if (!cluster) {
    io.err << "betelgeuse: " << cluster.status().message() << "\n";
    exit_code = kExitBadInput;
    return std::nullopt;
  }
  s.cluster = std::move(*cluster);
  return s;
}

}  // namespace bg::cli
