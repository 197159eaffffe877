#include "nodes/keys.h"

#include <gtest/gtest.h>

#include <ostream>
#include <regex>
#include <set>

#include "testing/fixtures.h"

namespace bg::nodes {
namespace {

template <typename T>
concept Printable = requires(std::ostream& o, const T& t) { o << t; };
static_assert(!Printable<Secret>, "a Secret must never be streamable");
static_assert(!std::is_convertible_v<Secret, std::string>, "a Secret must never become a string by accident");

TEST(Keys, AGeneratedPairIsWhatWgPubkeyDerives) {
  Result<WgKeyPair> k = generate_wg_key();
  ASSERT_TRUE(k) << k.status().message();
  EXPECT_EQ(k->private_key.reveal().size(), 44u);
  EXPECT_EQ(k->public_key.size(), 44u);
  EXPECT_EQ(*wg_public_key(k->private_key), k->public_key);
  auto wg = testing::run_command("printf '%s' '" + k->private_key.reveal() + "' | wg pubkey");
  ASSERT_EQ(wg.exit_code, 0) << wg.err;
  EXPECT_EQ(wg.out, k->public_key + "\n");
}

TEST(Keys, WeDerivePublicKeysOfKeysMadeByWgGenkey) {
  auto gen = testing::run_command("k=$(wg genkey) && echo \"$k\" && echo \"$k\" | wg pubkey");
  ASSERT_EQ(gen.exit_code, 0) << gen.err;
  std::string priv = gen.out.substr(0, gen.out.find('\n'));
  std::string pub = gen.out.substr(priv.size() + 1, 44);
  EXPECT_EQ(*wg_public_key(Secret(priv)), pub);
}

TEST(Keys, AMalformedPrivateKeyIsAnError) {
  EXPECT_FALSE(wg_public_key(Secret("not base64!")));
  EXPECT_FALSE(wg_public_key(Secret("AAAA")));
}

TEST(Keys, EveryPairIsNew) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) seen.insert(generate_wg_key()->public_key);
  EXPECT_EQ(seen.size(), 20u);
}

TEST(Keys, BootstrapTokensAndCertificateKeysHaveKubeadmsShape) {
  Result<Secret> t = generate_bootstrap_token();
  ASSERT_TRUE(t);
  EXPECT_TRUE(std::regex_match(t->reveal(), std::regex("[a-z0-9]{6}\\.[a-z0-9]{16}"))) << t->reveal();
  EXPECT_EQ(token_id(*t), t->reveal().substr(0, 6));
  Result<Secret> c = generate_certificate_key();
  ASSERT_TRUE(c);
  EXPECT_TRUE(std::regex_match(c->reveal(), std::regex("[0-9a-f]{64}")));
  EXPECT_NE(generate_bootstrap_token()->reveal(), t->reveal());
}

}  // namespace
}  // namespace bg::nodes
