#include "common/base64.h"

#include <gtest/gtest.h>

#include "common/process.h"

namespace bg {
namespace {

TEST(Base64, RoundTripsEveryLengthAndByte) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    bytes.push_back(static_cast<char>((i * 37) & 0xff));
    auto back = base64_decode(base64_encode(bytes));
    ASSERT_TRUE(back.has_value()) << i;
    EXPECT_EQ(*back, bytes) << i;
  }
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_decode(""), std::string());
}

TEST(Base64, MatchesRfc4648Vectors) {
  // RFC 4648 §10.
  const char* vectors[][2] = {{"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto& v : vectors) {
    EXPECT_EQ(base64_encode(v[0]), v[1]);
    EXPECT_EQ(base64_decode(v[1]), std::string(v[0]));
  }
}

TEST(Base64, RejectsWhatIsNotPaddedBase64) {
  EXPECT_FALSE(base64_decode("Zm9").has_value());
  EXPECT_FALSE(base64_decode("Zm9v\n").has_value());
  EXPECT_FALSE(base64_decode("Zm*v").has_value());
}

}  // namespace
}  // namespace bg
