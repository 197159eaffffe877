// How apply's events reach a person or a program.
//
// On a terminal, each wave gets one line, redrawn in place as events arrive and never wider than
// the terminal (progress_line.h fits it; the width is asked before every redraw, so a resize
// takes effect at the next one):
//   wave 3/6  level 0: argo-server, cert-manager +17  healthy 80/184  12 s  statefulset/elasticsearch Ready: 0/1, 9 s
// It says what the wave waits for: of the members not yet healthy, the one that has been longest
// in its present state (a member making progress is not the one holding the wave up), with that
// state and its age. When the wave ends the line settles ("healthy 184/184  done in 14 s") and the
// next wave starts below it; a blocked wave prints its explanation under its line.
// Elsewhere (a CI log, a pipe) the same information comes as plain lines, one per event that
// matters and one each time the awaited member or its state changes, with no control characters.
// `-o json` turns every event into one JSON object per line, for tools, with the awaited member
// and the elapsed seconds added. The summary line is printed by the command.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <ostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "apply/engine.h"
#include "apply/progress_line.h"
#include "apply/progress_width.h"
#include "apply/waves.h"
#include "common/clock.h"

namespace bg::apply {

enum class ProgressStyle { kTerminal, kPlain, kJson };

class ProgressPrinter {
 public:
  // `waves` is the plan the engine will walk (its names and components); `width` is read only
  // by the terminal style and may be null for the others.
  ProgressPrinter(std::ostream& out, ProgressStyle style, std::vector<Wave> waves, Clock& clock,
                  TerminalWidth* width = nullptr);
  void operator()(const ApplyEvent& e);
  // Ends a line left open (apply stopped mid-wave), so what follows starts on a line of its own.
  void finish();

 private:
  struct Waiting {
    const MemberHealth* member;
    std::string short_name;  // "statefulset/elasticsearch"
    std::chrono::milliseconds age;
  };
  void start(const ApplyEvent& e);
  void track(const ApplyEvent& e);       // the unhealthy members' states, from a progress event
  std::optional<Waiting> slowest();      // what the wave waits for
  std::chrono::milliseconds elapsed();   // since the wave started
  void draw(const ApplyEvent& e, const std::string& counts, const std::string& elapsed, bool waiting, bool final);
  void close_line();
  void json(const ApplyEvent& e);

  std::ostream& out_;
  ProgressStyle style_;
  std::vector<Wave> waves_;
  Clock& clock_;
  TerminalWidth* width_;

  // The wave under way.
  std::size_t applied_ = 0, healthy_ = 0, members_ = 0;
  std::chrono::steady_clock::time_point started_{};
  struct State {
    std::string reason;
    std::chrono::steady_clock::time_point since;
  };
  std::map<std::string, State> states_;  // unhealthy members by ObjectRef::str(): since when in that state
  std::vector<MemberHealth> unhealthy_;  // as last reported, in the wave's order
  std::string last_waiting_;             // plain: the awaited member and state last printed
  bool open_ = false;                    // terminal: a line is drawn and not yet ended
  std::string drawn_;                    // terminal: that line's text, to skip identical redraws
};

nlohmann::json event_json(const ApplyEvent& e);

}  // namespace bg::apply
