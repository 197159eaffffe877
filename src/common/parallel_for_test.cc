#include "common/parallel_for.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace bg {
namespace {

TEST(ParallelFor, RunsEveryIndexExactlyOnce) {
  std::vector<std::atomic<int>> seen(1000);
  parallel_for(seen.size(), 7, [&](std::size_t i) { seen[i]++; });
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].load(), 1) << i;
  parallel_for(0, 4, [&](std::size_t) { FAIL() << "nothing to run"; });
}

TEST(ParallelFor, NeverRunsMoreThanAskedAtOnce) {
  std::atomic<int> running{0}, most{0};
  parallel_for(40, 3, [&](std::size_t) {
    int now = ++running;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --running;
  });
  EXPECT_LE(most.load(), 3);
  EXPECT_GE(most.load(), 2) << "work overlapped";
}

}  // namespace
}  // namespace bg
