// betelgeuse status: one row per component, from the live cluster (apply/status.h); `-o json`
// for tools, `--watch` to redraw every two seconds until interrupted. Exit 1 when any component
// is not healthy, so scripts can wait on it; exit 3, with no table, when the cluster cannot be
// read (cluster_failure.h) — also in --watch, which stops then rather than redrawing a guess.
#include <thread>

#include "apply/status.h"
#include "cli/cluster_failure.h"
#include "cli/live.h"
#include "cli/table.h"

namespace bg::cli {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " ") + s;
  return out.empty() ? "-" : out;
}

std::string table(const std::vector<apply::ComponentStatus>& rows, bool color) {
  Table t({"COMPONENT", "NAMESPACE", "HEALTH", "READY", "ENDPOINTS", "CERT EXPIRES", "STORAGE", "MESSAGE"});
  for (const auto& r : rows) {
    std::string health = apply::health_name(r.health);
    if (color) health = (r.health == apply::Health::kCurrent ? "\033[32m" : r.health == apply::Health::kInProgress ? "\033[33m" : "\033[31m") + health + "\033[0m";
    std::vector<std::string> endpoints = r.urls;
    endpoints.insert(endpoints.end(), r.tcp.begin(), r.tcp.end());
    t.row({r.component, r.ns, health, r.desired ? std::to_string(r.ready) + "/" + std::to_string(r.desired) : "-", join(endpoints),
           r.certificate_expiry.empty() ? "-" : r.certificate_expiry, r.storage.empty() ? "-" : r.storage,
           r.health == apply::Health::kCurrent ? "" : r.message});
  }
  return t.str();
}

}  // namespace

int cmd_status(Io& io, const LiveOptions& options) {
  int exit_code = kExitOk;
  auto session = open_live(io, options, exit_code);
  if (!session) return exit_code;
  while (true) {
    auto read = apply::platform_status(*session->cluster, session->run.platform, session->run.objects);
    if (!read) return report_failure(io, "cannot read the platform's status: ", read.status(), kExitFindings);
    const std::vector<apply::ComponentStatus>& rows = *read;
    bool healthy = std::all_of(rows.begin(), rows.end(), [](const auto& r) { return r.health == apply::Health::kCurrent; });
    if (options.watch && io.color_out) io.out << "\033[H\033[2J";  // redraw in place on a terminal
    if (options.output == "json")
      io.out << apply::status_json(rows).dump(options.watch ? -1 : 2) << "\n";
    else
      io.out << table(rows, io.color_out);
    io.out.flush();
    if (!options.watch) return healthy ? kExitOk : kExitFindings;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
}

}  // namespace bg::cli
