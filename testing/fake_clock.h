// A Clock that never sleeps: sleep_for advances time and records the wait, so backoff and rate
// limiting can be asserted exactly without slowing the suite.
#pragma once

#include <chrono>
#include <mutex>
#include <vector>

#include "common/clock.h"

namespace bg::testing {

class FakeClock : public Clock {
 public:
  std::chrono::steady_clock::time_point now() override {
    std::lock_guard lock(mu_);
    return now_;
  }
  void sleep_for(std::chrono::milliseconds d) override {
    std::lock_guard lock(mu_);
    now_ += d;
    sleeps.push_back(d);
  }
  std::vector<std::chrono::milliseconds> sleeps;

 private:
  std::mutex mu_;
  std::chrono::steady_clock::time_point now_{};
};

}  // namespace bg::testing
