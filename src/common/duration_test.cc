#include "common/duration.h"

#include <gtest/gtest.h>

namespace bg {
namespace {

TEST(Duration, ReadsKubectlStyleDurations) {
  EXPECT_EQ(parse_duration("10s").value(), std::chrono::seconds(10));
  EXPECT_EQ(parse_duration("500ms").value(), std::chrono::milliseconds(500));
  EXPECT_EQ(parse_duration("1m30s").value(), std::chrono::seconds(90));
  EXPECT_EQ(parse_duration("2h").value(), std::chrono::hours(2));
  EXPECT_EQ(parse_duration("1.5s").value(), std::chrono::milliseconds(1500));
  EXPECT_EQ(parse_duration("3").value(), std::chrono::seconds(3));  // a bare number is seconds
}

TEST(Duration, RefusesWhatIsNotADurationOrIsZero) {
  EXPECT_EQ(parse_duration("10x").status().message(),
            "\"10x\" is not a duration: unknown unit \"x\" (examples: 10s, 500ms, 1m30s)");
  EXPECT_EQ(parse_duration("1m5").status().message(),
            "\"1m5\" is not a duration: a unit is missing (examples: 10s, 500ms, 1m30s)");
  EXPECT_EQ(parse_duration("0").status().message(),
            "\"0\" is not a duration: it must be at least 1ms (examples: 10s, 500ms, 1m30s)");
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("s"));
}

}  // namespace
}  // namespace bg
