#include "apply/secret_copies.h"

#include <gtest/gtest.h>

#include "apply/engine.h"
#include "apply/input.h"
#include "secrets/keep.h"
#include "testing/fake_clock.h"
#include "testing/fixtures.h"
#include "testing/in_process_server.h"

namespace bg::apply {
namespace {

using Json = nlohmann::json;

manifest::Object secret(const char* ns, const char* copy_of, const char* password) {
  manifest::Object o;
  o.body = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "mlflow-postgres"}, {"namespace", ns}}},
            {"stringData", {{"password", password}, {"username", "mlflow"}}}};
  if (*copy_of) o.body["metadata"]["annotations"][kCopyOfAnnotation] = copy_of;
  o.from.trait = "secret";
  return o;
}

std::vector<manifest::Object> pair() { return {secret("ml", "", "FRESH"), secret("db", "ml/mlflow-postgres", "FRESH")}; }

Json live(const char* ns, const char* password) {
  return {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", {{"name", "mlflow-postgres"}, {"namespace", ns}}},
          {"data", {{"password", secrets::base64_encode(password)}, {"username", secrets::base64_encode("mlflow")}}}};
}

TEST(SettleSecrets, ThePrimarysLiveValueReachesAMissingCopy) {
  testing::InProcessServer server;
  server.seed(live("ml", "OLD"));
  auto objects = pair();
  ASSERT_TRUE(settle_secrets(*server.connect(), objects, {}).is_ok());
  EXPECT_EQ(objects[0].body["data"]["password"], secrets::base64_encode("OLD"));
  EXPECT_EQ(objects[1].body["data"], objects[0].body["data"]);
  EXPECT_EQ(objects[1].from.trait, "secret-settled");
}

TEST(SettleSecrets, ACopyThatOutlivedItsPrimaryGivesItsValueBack) {
  testing::InProcessServer server;
  server.seed(live("db", "KEPT"));
  auto objects = pair();
  ASSERT_TRUE(settle_secrets(*server.connect(), objects, {}).is_ok());
  EXPECT_EQ(objects[0].body["data"]["password"], secrets::base64_encode("KEPT"));
  EXPECT_EQ(objects[1].body["data"], objects[0].body["data"]);
}

TEST(SettleSecrets, ThePrimaryWinsWhenCopiesDisagreeAndRotationDrawsAfresh) {
  testing::InProcessServer server;
  server.seed(live("ml", "PRIMARY"));
  server.seed(live("db", "STALE"));
  auto cluster = server.connect();
  auto objects = pair();
  ASSERT_TRUE(settle_secrets(*cluster, objects, {}).is_ok());
  EXPECT_EQ(objects[1].body["data"]["password"], secrets::base64_encode("PRIMARY"));
  auto rotated = pair();
  ASSERT_TRUE(settle_secrets(*cluster, rotated, {"ml/mlflow-postgres"}).is_ok());
  EXPECT_EQ(rotated[0].body["data"]["password"], secrets::base64_encode("FRESH"));
  EXPECT_EQ(rotated[1].body["data"], rotated[0].body["data"]);
}

TEST(SettleSecrets, AfterApplyingTheWholeExampleEveryCopyEqualsItsPrimary) {
  testing::InProcessServer server;
  testing::FakeClock clock;
  ASSERT_TRUE(
      apply_platform(*server.connect(), clock, *apply_input(pipeline::run_text(testing::example_spec(), "p.yaml")), {}, {})
          .is_ok());
  int copies = 0;
  for (const Json& o : server.all()) {
    if (o["kind"] != "Secret" || !o["metadata"].contains("annotations") || !o["metadata"]["annotations"].contains(kCopyOfAnnotation))
      continue;
    std::string primary = o["metadata"]["annotations"][kCopyOfAnnotation];
    Json p = server.find("Secret", primary.substr(0, primary.find('/')), primary.substr(primary.find('/') + 1));
    ASSERT_TRUE(p.is_object()) << primary;
    EXPECT_EQ(o["data"], p["data"]) << primary;
    ++copies;
  }
  EXPECT_GT(copies, 0);
}

}  // namespace
}  // namespace bg::apply
