#include "common/percent_encode.h"

#include <gtest/gtest.h>

namespace bg {
namespace {

TEST(PercentEncode, KeepsUnreservedAndEscapesTheRest) {
  EXPECT_EQ(percent_encode("a-Z_0.~"), "a-Z_0.~");
  EXPECT_EQ(percent_encode("app=web,tier!=db"), "app%3Dweb%2Ctier%21%3Ddb");
  EXPECT_EQ(percent_encode("a/b c"), "a%2Fb%20c");
  EXPECT_EQ(percent_encode("a/b c", "/"), "a/b%20c");
  EXPECT_EQ(percent_encode("\xc3\xa9"), "%C3%A9") << "bytes, not characters";
}

}  // namespace
}  // namespace bg
