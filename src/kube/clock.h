// Time for the client: what retries, backoff, rate limiting and credential expiry read and wait on.
// Behind an interface so tests run backoff schedules without sleeping (testing/fake_clock.h).
#pragma once

#include <chrono>
#include <thread>

namespace bg::kube {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point now() = 0;
  virtual void sleep_for(std::chrono::milliseconds d) = 0;
};

class SystemClock : public Clock {
 public:
  std::chrono::steady_clock::time_point now() override { return std::chrono::steady_clock::now(); }
  void sleep_for(std::chrono::milliseconds d) override { std::this_thread::sleep_for(d); }
};

}  // namespace bg::kube
