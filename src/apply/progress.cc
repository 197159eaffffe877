#include "apply/progress.h"

#include <fmt/format.h>

namespace bg::apply {

nlohmann::json event_json(const ApplyEvent& e) {
  static const char* kinds[] = {"waveStarted", "object", "waveProgress", "waveHealthy", "waveBlocked", "pruned", "kept", "done"};
  nlohmann::json j = {{"event", kinds[static_cast<int>(e.kind)]}};
  if (e.wave >= 0) j["wave"] = e.wave + 1;
  if (!e.wave_name.empty()) j["waveName"] = e.wave_name;
  if (!e.object.empty()) j["object"] = e.object;
  if (!e.action.empty()) j[e.kind == ApplyEvent::Kind::kDone ? "summary" : "action"] = e.action;
  if (e.kind == ApplyEvent::Kind::kWaveProgress || e.kind == ApplyEvent::Kind::kWaveStarted) {
    j["current"] = e.current;
    j["total"] = e.total;
  }
  if (!e.why.empty()) j["why"] = e.why;
  return j;
}

void ProgressPrinter::wave_line(const ApplyEvent& e, const std::string& state, bool final) {
  std::string line = fmt::format("wave {}/{}  {}  {}", e.wave + 1, waves_, e.wave_name, state);
  if (style_ == ProgressStyle::kTerminal)
    out_ << "\r\033[2K" << line << (final ? "\n" : "") << std::flush;
  else if (final)
    out_ << line << "\n";
}

void ProgressPrinter::operator()(const ApplyEvent& e) {
  if (style_ == ProgressStyle::kJson) {
    out_ << event_json(e).dump() << "\n" << std::flush;
    return;
  }
  switch (e.kind) {
    case ApplyEvent::Kind::kWaveStarted:
      applied_ = 0;
      members_ = e.total;
      wave_line(e, fmt::format("applying 0/{}", members_), false);
      break;
    case ApplyEvent::Kind::kObject:
      ++applied_;
      wave_line(e, fmt::format("applying {}/{}", applied_, members_), false);
      if (style_ == ProgressStyle::kPlain && e.action != "unchanged") out_ << "  " << e.object << " " << e.action << "\n";
      break;
    case ApplyEvent::Kind::kWaveProgress:
      wave_line(e, fmt::format("applied {}/{}, healthy {}/{}", applied_, members_, e.current, e.total), false);
      break;
    case ApplyEvent::Kind::kWaveHealthy:
      wave_line(e, fmt::format("healthy {}/{}", e.total, e.total), true);
      break;
    case ApplyEvent::Kind::kWaveBlocked:
      wave_line(e, "blocked", true);
      for (const std::string& why : e.why) out_ << "  " << why << "\n";
      break;
    case ApplyEvent::Kind::kPruned:
    case ApplyEvent::Kind::kKept:
      out_ << e.object << " " << e.action << "\n";
      break;
    case ApplyEvent::Kind::kDone:
      break;
  }
}

}  // namespace bg::apply
