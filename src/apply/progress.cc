#include "apply/progress.h"

#include <cctype>

#include <fmt/format.h>

namespace bg::apply {
namespace {

using std::chrono::milliseconds;

std::string short_name(const ObjectRef& ref) {
  std::string kind = ref.kind;
  for (char& c : kind) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kind + "/" + ref.name;
}

long long seconds(milliseconds d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

}  // namespace

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
  if (e.kind == ApplyEvent::Kind::kDone) {
    j["created"] = e.counts.created;
    j["configured"] = e.counts.configured;
    j["unchanged"] = e.counts.unchanged;
    j["pruned"] = e.counts.pruned;
  }
  return j;
}

ProgressPrinter::ProgressPrinter(std::ostream& out, ProgressStyle style, std::vector<Wave> waves, Clock& clock,
                                 TerminalWidth* width)
    : out_(out), style_(style), waves_(std::move(waves)), clock_(clock), width_(width) {}

void ProgressPrinter::start(const ApplyEvent& e) {
  applied_ = healthy_ = 0;
  members_ = e.total;
  started_ = clock_.now();
  states_.clear();
  unhealthy_.clear();
  last_waiting_.clear();
}

milliseconds ProgressPrinter::elapsed() { return std::chrono::duration_cast<milliseconds>(clock_.now() - started_); }

void ProgressPrinter::track(const ApplyEvent& e) {
  healthy_ = e.current;
  auto now = clock_.now();
  std::map<std::string, State> next;
  for (const MemberHealth& m : e.unhealthy) {
    auto it = states_.find(m.ref.str());
    bool same = it != states_.end() && it->second.reason == m.report.message;
    next[m.ref.str()] = same ? it->second : State{m.report.message, now};
  }
  states_ = std::move(next);
  unhealthy_ = e.unhealthy;
}

std::optional<ProgressPrinter::Waiting> ProgressPrinter::slowest() {
  const MemberHealth* best = nullptr;
  std::chrono::steady_clock::time_point since{};
  for (const MemberHealth& m : unhealthy_) {
    auto t = states_.at(m.ref.str()).since;
    if (!best || t < since) best = &m, since = t;  // ties: the first in the wave's order
  }
  if (!best) return std::nullopt;
  return Waiting{best, short_name(best->ref), std::chrono::duration_cast<milliseconds>(clock_.now() - since)};
}

void ProgressPrinter::draw(const ApplyEvent& e, const std::string& counts, const std::string& elapsed, bool waiting,
                           bool final) {
  WaveLine line{fmt::format("wave {}/{}", e.wave + 1, waves_.size()), e.wave_name, {}, counts, elapsed};
  if (e.wave >= 0 && static_cast<std::size_t>(e.wave) < waves_.size()) {
    const Wave& w = waves_[e.wave];
    // A level's name is "level N: <its components>" (waves.h): the list is what gets shortened.
    if (auto colon = w.name.find(':'); colon != std::string::npos) {
      line.label = w.name.substr(0, colon);
      line.components = w.components;
    }
  }
  if (waiting)
    if (auto w = slowest()) {
      line.waiting_object = w->short_name;
      line.waiting_reason = w->member->report.message;
      line.waiting_age = duration_text(w->age);
    }
  // One column short of the edge: a line that fills the last column leaves some terminals'
  // cursor on the next row already, and the redraw would then miss it.
  std::size_t columns = width_ ? width_->columns() : 80;
  std::string text = fit(line, columns > 1 ? columns - 1 : 1);
  if (open_ && !final && text == drawn_) return;
  out_ << "\r\033[2K" << text << (final ? "\n" : "") << std::flush;
  open_ = !final;
  drawn_ = final ? "" : text;
}

void ProgressPrinter::close_line() {
  if (open_) out_ << "\n" << std::flush;
  open_ = false;
  drawn_.clear();
}

void ProgressPrinter::finish() {
  if (style_ == ProgressStyle::kTerminal) close_line();
}

void ProgressPrinter::json(const ApplyEvent& e) {
  nlohmann::json j = event_json(e);
  if (e.kind == ApplyEvent::Kind::kWaveProgress)
    if (auto w = slowest())
      j["waitingFor"] = {{"object", w->member->ref.str()}, {"message", w->member->report.message}, {"seconds", seconds(w->age)}};
  if (e.kind == ApplyEvent::Kind::kWaveHealthy || e.kind == ApplyEvent::Kind::kWaveBlocked) j["seconds"] = seconds(elapsed());
  out_ << j.dump() << "\n" << std::flush;
}

void ProgressPrinter::operator()(const ApplyEvent& e) {
  using K = ApplyEvent::Kind;
  if (e.kind == K::kWaveStarted) start(e);
  if (e.kind == K::kObject) ++applied_;
  if (e.kind == K::kWaveProgress) track(e);
  if (style_ == ProgressStyle::kJson) return json(e);

  bool terminal = style_ == ProgressStyle::kTerminal;
  std::string took = duration_text(elapsed());
  switch (e.kind) {
    case K::kWaveStarted:
    case K::kObject:
      if (terminal) draw(e, fmt::format("applying {}/{}", applied_, members_), took, false, false);
      else if (e.kind == K::kObject && e.action != "unchanged") out_ << "  " << e.object << " " << e.action << "\n";
      break;
    case K::kWaveProgress:
      if (terminal) {
        draw(e, fmt::format("healthy {}/{}", e.current, e.total), took, true, false);
      } else if (auto w = slowest()) {
        // A log line each time the wave comes to wait on another member or state, not every poll.
        std::string waiting = w->short_name + ": " + w->member->report.message;
        if (waiting != last_waiting_) out_ << "  waiting for " << waiting << "\n";
        last_waiting_ = waiting;
      }
      break;
    case K::kWaveHealthy:
    case K::kWaveBlocked: {
      bool healthy = e.kind == K::kWaveHealthy;
      std::string counts = fmt::format("healthy {}/{}", healthy ? e.total : healthy_, healthy ? e.total : members_);
      std::string outcome = (healthy ? "done in " : "blocked after ") + took;
      if (terminal) draw(e, counts, outcome, false, true);
      else out_ << fmt::format("wave {}/{}  {}  {}  {}\n", e.wave + 1, waves_.size(), e.wave_name, counts, outcome);
      for (const std::string& why : e.why) out_ << "  " << why << "\n";
      break;
    }
    case K::kPruned:
    case K::kKept:
      if (terminal) close_line();
      out_ << e.object << " " << e.action << "\n";
      break;
    case K::kDone:
      if (terminal) close_line();
      break;
  }
}

}  // namespace bg::apply
