// Applies killed with SIGKILL part-way, each followed by a re-run: apply's promise that an
// interrupted run loses nothing and leaves no orphan, tested on any API server.
//
// Each attempt switches the cluster between two specs: it starts the real `betelgeuse apply` on
// the other spec, kills it, and records what the kill did as the cluster shows it:
//   - before any write: `betelgeuse diff` of the spec the cluster was on still finds nothing (a
//     write diff does not show, a generated Secret, counts as none: that only asks more of the test);
//   - after the last write: the apply had already exited, or the re-run had nothing left to
//     create, configure or prune;
//   - part-way: neither — the killed apply had changed the cluster and left work for the re-run.
// After every re-run, whatever the kill did, no Secret that existed after the kill has other
// values and the ApplySet owns exactly what the spec renders (no orphan).
//
// What the test proves is the part-way kills: attempts go on until `wanted` of them were
// observed (at most `max_attempts`), and the test fails with the record of every attempt when
// fewer were. How long an apply takes depends on the machine and its load, so kills do not aim at
// a fixed moment: each one lands at a random moment in a window, first the measured duration of
// an uninterrupted switch, which every outcome narrows — a kill before any write moves its start
// up to that moment, a kill after the last write moves its end down — so kills close in on the
// moments apply writes however fast or slow it runs here.
#pragma once

#include <algorithm>
#include <array>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::testing {

struct KilledApplies {
  std::string kubeconfig;
  std::string wave_timeout;  // apply's --wave-timeout, in seconds
  // Each spec file with what the platform owns once converged on it. The cluster may be anywhere
  // when the attempts start: they first converge it on specs[0].
  std::array<std::pair<std::string, std::set<std::string>>, 2> specs;
  std::string applyset;                                 // the platform's ApplySet id
  std::function<std::vector<nlohmann::json>()> objects;  // every object the cluster holds now
  int wanted = 0;                                       // part-way kills to observe
  int max_attempts = 0;
  unsigned seed = 0;
};

// Runs the attempts; every broken promise fails the calling test (gtest), naming the attempt.
void expect_killed_applies_lose_nothing(const KilledApplies& k);

// Where the next kill lands, in milliseconds after apply starts: at random within [lo, hi], a
// window each observed outcome narrows (or, when the outcomes contradict it, moves).
class KillWindow {
 public:
  explicit KillWindow(long hi) : hi_(std::max(1L, hi)) {}
  long lo() const { return lo_; }
  long hi() const { return hi_; }
  void before_any_write(long at);  // a kill at `at` was too early
  void after_last_write(long at);  // a kill at `at` was too late

 private:
  long lo_ = 0, hi_;
};

// What the summary line "N created, N configured, N unchanged, N pruned" of apply's output says
// was written (created + configured + pruned), or -1 without such a line.
int writes_in_summary(const std::string& apply_output);

}  // namespace bg::testing
