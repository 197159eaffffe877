#include "testing/killed_applies.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <regex>

#include "testing/cluster_objects.h"
#include "testing/fixtures.h"

namespace bg::testing {

using nlohmann::json;

void KillWindow::before_any_write(long at) {
  lo_ = std::max(lo_, at);
  if (hi_ <= lo_) hi_ = 2 * lo_ + 1;  // writes start later than the window reached: widen it
}

void KillWindow::after_last_write(long at) {
  hi_ = std::max(1L, std::min(hi_, at));
  if (lo_ >= hi_) lo_ = hi_ / 2;  // writes end earlier than the window started: open it below
}

int writes_in_summary(const std::string& apply_output) {
  static const std::regex summary(R"((\d+) created, (\d+) configured, \d+ unchanged, (\d+) pruned)");
  std::smatch m;
  if (!std::regex_search(apply_output, m, summary)) return -1;
  return std::stoi(m[1]) + std::stoi(m[2]) + std::stoi(m[3]);
}

void expect_killed_applies_lose_nothing(const KilledApplies& k) {
  auto apply_argv = [&](const std::string& spec) {
    return std::vector<std::string>{binary(), "apply", spec, "--kubeconfig", k.kubeconfig, "--wave-timeout", k.wave_timeout};
  };
  auto run = [&](const std::string& verb, const std::string& spec) {
    std::string line = binary() + " " + verb + " " + spec + " --kubeconfig " + k.kubeconfig;
    return run_command(verb == "apply" ? line + " --wave-timeout " + k.wave_timeout : line);
  };
  auto file_name = [](const std::string& path) { return path.substr(path.find_last_of('/') + 1); };

  // Converged on specs[0]; then each switch, uninterrupted, gives its window its first extent.
  CommandResult first = run("apply", k.specs[0].first);
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  std::array<KillWindow, 2> windows{KillWindow(1), KillWindow(1)};
  for (int i : {1, 0}) {
    auto t0 = std::chrono::steady_clock::now();
    CommandResult r = run("apply", k.specs[i].first);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    windows[i] = KillWindow(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
  }

  std::mt19937 rng(k.seed);
  int part_way = 0, attempt = 0;
  std::string record;  // one line per attempt: when the kill landed and what it did
  for (; attempt < k.max_attempts && part_way < k.wanted; ++attempt) {
    const int which = (attempt + 1) % 2;
    const auto& [spec, want] = k.specs[which];
    const std::string& was = k.specs[1 - which].first;  // what the cluster is converged on
    KillWindow& window = windows[which];
    const long after = std::uniform_int_distribution<long>(window.lo(), window.hi())(rng);
    const std::string context = "attempt " + std::to_string(attempt) + ", " + file_name(spec) + " killed after " +
                                std::to_string(after) + " ms";
    const bool running = run_killed_after(apply_argv(spec), after);
    // Read before the re-run changes anything: whether the cluster is still as `was` left it
    // (diff's exit code: 0 no difference, 1 differences), and every Secret's values.
    const int as_was = running ? run("diff", was).exit_code : -1;
    const std::map<std::string, json> secrets_after_kill = secret_values(k.objects());

    CommandResult rerun = run("apply", spec);
    ASSERT_EQ(rerun.exit_code, 0) << context << "\n" << rerun.out << rerun.err;
    const int writes = writes_in_summary(rerun.out);
    EXPECT_GE(writes, 0) << context << ": the re-run printed no summary\n" << rerun.out;
    std::string what;
    if (!running || writes == 0) {
      what = running ? "after the last write" : "after apply had exited";
      window.after_last_write(after);
    } else if (as_was == 0) {
      what = "before any write";
      window.before_any_write(after);
    } else {
      EXPECT_EQ(as_was, 1) << context << ": diff " << file_name(was) << " failed";
      what = "part-way: the re-run wrote " + std::to_string(writes) + " objects";
      ++part_way;
    }
    record += context + ": " + what + "\n";

    const std::vector<json> now = k.objects();
    for (const auto& [name, values] : secret_values(now)) {
      auto it = secrets_after_kill.find(name);
      if (it != secrets_after_kill.end()) {
        EXPECT_EQ(values, it->second) << name << " changed (" << context << ")";
      }
    }
    for (const std::string& problem : ownership_problems(now, k.applyset, want))
      ADD_FAILURE() << problem << " (" << context << ")";
  }
  EXPECT_EQ(part_way, k.wanted) << "only " << part_way << " of " << attempt
                                << " kills interrupted an apply part-way: the test proved too little\n"
                                << record;
}

}  // namespace bg::testing
