// Fault injection for the test server: rates of 429 (with Retry-After), 500 and 503 answers,
// dropped connections, added latency, and watches cut short — the weather a real API server's
// clients must survive — and a server that dies after so many writes, which to the cluster's
// state is what a client killed mid-apply leaves behind.
//
// Decisions come from a seeded generator so a failing test can be re-run with the same faults.
// Discovery, /version and health endpoints are spared unless `include_discovery` is set, so tests
// can aim faults at the calls under test.
#pragma once

#include <algorithm>
#include <chrono>
#include <mutex>
#include <random>
#include <string>

namespace bg::testserver {

struct Faults {
  double rate_429 = 0;
  double rate_500 = 0;
  double rate_503 = 0;
  double rate_drop = 0;  // close the connection without an answer
  int retry_after_seconds = 1;
  std::chrono::milliseconds latency{0};
  std::chrono::milliseconds watch_max_duration{0};  // 0: watches run until their timeout
  bool include_discovery = false;
  unsigned seed = 1;
  // -1: never. Else, once this many writes (requests other than GET) have been let through since
  // these faults were set, every request, discovery included, is dropped.
  long die_after_writes = -1;
};

class FaultInjector {
 public:
  enum class Action { kNone, k429, k500, k503, kDrop };
  explicit FaultInjector(Faults f = {}) : faults_(f), rng_(f.seed) {}

  void set(const Faults& f);
  Faults get() const;
  // Decides the fate of one request (`method` "GET", "PATCH", …) to `path`.
  Action next(const std::string& method, const std::string& path);
  long injected() const;  // how many faults so far

 private:
  mutable std::mutex mu_;
  Faults faults_;
  std::mt19937 rng_;
  long injected_ = 0;
  long writes_ = 0;  // let through since set()
};

}  // namespace bg::testserver
