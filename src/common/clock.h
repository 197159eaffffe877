// Time, behind an interface: what the client's retries, backoff, rate limiting and credential
// expiry, and apply's health gates and their timeouts, read and wait on. Tests use
// testing/fake_clock.h, where sleeping advances time at once and is recorded.
#pragma once

#include <chrono>
#include <thread>

namespace bg {

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

}  // namespace bg
