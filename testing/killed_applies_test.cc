#include "testing/killed_applies.h"

#include <gtest/gtest.h>

namespace bg::testing {
namespace {

TEST(KillWindow, AKillBeforeAnyWriteMovesTheStartUpToIt) {
  KillWindow w(1000);
  w.before_any_write(300);
  EXPECT_EQ(w.lo(), 300);
  EXPECT_EQ(w.hi(), 1000);
}

TEST(KillWindow, AKillAfterTheLastWriteMovesTheEndDownToIt) {
  KillWindow w(1000);
  w.before_any_write(300);
  w.after_last_write(600);
  EXPECT_EQ(w.lo(), 300);
  EXPECT_EQ(w.hi(), 600);
}

TEST(KillWindow, WritesLaterThanTheWindowReachesWidenIt) {
  KillWindow w(400);
  w.before_any_write(400);
  EXPECT_EQ(w.lo(), 400);
  EXPECT_EQ(w.hi(), 801);
}

TEST(KillWindow, WritesEarlierThanTheWindowStartsOpenItBelow) {
  KillWindow w(1000);
  w.before_any_write(500);
  w.after_last_write(500);
  EXPECT_EQ(w.lo(), 250);
  EXPECT_EQ(w.hi(), 500);
}

TEST(KillWindow, NeverClosesToNothing) {
  KillWindow w(0);
  EXPECT_EQ(w.hi(), 1);
  w.after_last_write(0);
  EXPECT_EQ(w.lo(), 0);
  EXPECT_EQ(w.hi(), 1);
}

TEST(WritesInSummary, CountsCreatedConfiguredAndPrunedButNotUnchanged) {
  EXPECT_EQ(writes_in_summary("wave 1/3 ...\napplied: 2 created, 3 configured, 40 unchanged, 1 pruned\n"), 6);
  EXPECT_EQ(writes_in_summary("0 created, 0 configured, 12 unchanged, 0 pruned"), 0);
  EXPECT_EQ(writes_in_summary("betelgeuse: cannot reach the cluster"), -1);
}

}  // namespace
}  // namespace bg::testing
