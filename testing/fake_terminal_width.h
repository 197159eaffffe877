// A terminal whose width a test sets, for apply's progress printer (apply/progress_width.h):
// changing `value` between events is what a SIGWINCH does to the real one.
#pragma once

#include "apply/progress_width.h"

namespace bg::testing {

class FakeTerminalWidth : public apply::TerminalWidth {
 public:
  explicit FakeTerminalWidth(std::size_t columns) : value(columns) {}
  std::size_t columns() override { return value; }
  std::size_t value;
};

}  // namespace bg::testing
