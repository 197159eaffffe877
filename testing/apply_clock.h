// A Clock for apply tests: sleeping advances time at once, so health gates and their timeouts
// run instantly and deterministically.
#pragma once

#include "apply/cluster.h"

namespace bg::testing {

class InstantClock : public apply::Clock {
 public:
  std::chrono::steady_clock::time_point now() override { return t_; }
  void sleep_for(std::chrono::milliseconds d) override { t_ += d; }

 private:
  std::chrono::steady_clock::time_point t_{};
};

}  // namespace bg::testing
