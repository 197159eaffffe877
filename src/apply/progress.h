// How apply's events reach a person or a program.
//
// On a terminal, each wave gets one line that is rewritten in place with live counts
// ("wave 3/6  level 1: mlflow  applied 4/7, healthy 2/7"), then settles on its outcome; a blocked
// wave prints its explanation under it. Elsewhere (a CI log, a pipe) the same information comes
// as plain lines, one per event that matters, with no control characters. `-o json` turns every
// event into one JSON object per line, for tools. The summary line is printed by the command.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "apply/engine.h"

namespace bg::apply {

enum class ProgressStyle { kTerminal, kPlain, kJson };

class ProgressPrinter {
 public:
  ProgressPrinter(std::ostream& out, ProgressStyle style, std::size_t waves) : out_(out), style_(style), waves_(waves) {}
  void operator()(const ApplyEvent& e);

 private:
  void wave_line(const ApplyEvent& e, const std::string& state, bool final);

  std::ostream& out_;
  ProgressStyle style_;
  std::size_t waves_;
  std::size_t applied_ = 0, members_ = 0;
};

nlohmann::json event_json(const ApplyEvent& e);

}  // namespace bg::apply
