#include "testing/process_memory.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <vector>

#include "testing/background_process.h"
#include "testing/fixtures.h"

namespace bg::testing {
namespace {

TEST(MemoryQuantity, ReadsTheSuffixesMemoryIsWrittenWith) {
  EXPECT_EQ(*memory_quantity_bytes("2Gi"), 2LL << 30);
  EXPECT_EQ(*memory_quantity_bytes("512Mi"), 512LL << 20);
  EXPECT_EQ(*memory_quantity_bytes("1G"), 1000000000LL);
  EXPECT_EQ(*memory_quantity_bytes("1500000"), 1500000);
  EXPECT_FALSE(memory_quantity_bytes("1.5Gi"));
  EXPECT_FALSE(memory_quantity_bytes("Gi"));
  EXPECT_FALSE(memory_quantity_bytes("2gi"));
}

TEST(ProcessTreePss, CountsTheDescendantsMemoryToo) {
  // A shell whose child holds 64 MiB of touched memory: the tree holds at least that, the shell
  // alone far less.
  TempDir dir;
  BackgroundProcess p;
  ASSERT_TRUE(p.start({"sh", "-c", "python3 -c 'import time; b = bytearray(64 << 20); time.sleep(60)' & wait"}, dir / "log"));
  long long tree = 0;
  for (int i = 0; i < 100 && tree < (64LL << 20); ++i) {
    usleep(100 * 1000);
    auto bytes = process_tree_pss_bytes(p.pid());
    ASSERT_TRUE(bytes) << bytes.status().message();
    tree = *bytes;
  }
  EXPECT_GE(tree, 64LL << 20);
  EXPECT_LT(tree, 256LL << 20);
  p.stop();
  EXPECT_FALSE(process_tree_pss_bytes(p.pid()));
}

TEST(ProcessTreeCpu, CountsChildrenThatHaveExitedToo) {
  // A shell that waits for a child busy for a second of CPU, then sleeps: the tree has used about
  // that second, though the child is gone.
  TempDir dir;
  BackgroundProcess p;
  ASSERT_TRUE(p.start({"sh", "-c", "python3 -c 'import time; t = time.process_time()\nwhile time.process_time() - t < 1: pass'; sleep 60"},
                      dir / "log"));
  double used = 0;
  for (int i = 0; i < 200 && used < 1.0; ++i) {
    usleep(100 * 1000);
    auto seconds = process_tree_cpu_seconds(p.pid());
    ASSERT_TRUE(seconds) << seconds.status().message();
    used = *seconds;
  }
  EXPECT_GE(used, 1.0);
  EXPECT_LT(used, 5.0);
  p.stop();
  EXPECT_FALSE(process_tree_cpu_seconds(p.pid()));
}

}  // namespace
}  // namespace bg::testing
