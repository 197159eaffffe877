#include "k8s/group_version.h"

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

TEST(GroupVersion, SplitsAnApiVersionIntoGroupAndVersion) {
  EXPECT_EQ(group_of("apps/v1"), "apps");
  EXPECT_EQ(version_of("apps/v1"), "v1");
  EXPECT_EQ(group_of("v1"), "");
  EXPECT_EQ(version_of("v1"), "v1");
  EXPECT_EQ(group_of(""), "");
  EXPECT_EQ(api_version_of("apps", "v1"), "apps/v1");
  EXPECT_EQ(api_version_of("", "v1"), "v1");
}

TEST(GroupVersion, ParseReadsWhatTheServerAccepts) {
  auto apps = GroupVersion::parse("gateway.networking.k8s.io/v1beta1");
  ASSERT_TRUE(apps);
  EXPECT_EQ(*apps, (GroupVersion{"gateway.networking.k8s.io", "v1beta1"}));
  EXPECT_EQ(apps->str(), "gateway.networking.k8s.io/v1beta1");
  auto core = GroupVersion::parse("v1");
  ASSERT_TRUE(core);
  EXPECT_EQ(*core, (GroupVersion{"", "v1"}));
}

TEST(GroupVersion, ParseSaysWhatIsWrong) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"", "apiVersion \"\" is empty"},
           {"a/b/c", "apiVersion \"a/b/c\" has more than one \"/\""},
           {"/v1", "apiVersion \"/v1\" has no group before \"/\""},
           {"apps/", "apiVersion \"apps/\" has no version after \"/\""},
       }) {
    auto gv = GroupVersion::parse(c.text);
    ASSERT_FALSE(gv) << c.text;
    EXPECT_EQ(gv.status().message(),
              std::string(c.message) + " (write \"v1\" for the core group or \"GROUP/VERSION\", e.g. \"apps/v1\")");
  }
}

TEST(GroupKind, NamesAKindWhateverVersionServesIt) {
  EXPECT_EQ(GroupKind::of("apps/v1", "Deployment"), GroupKind::of("apps/v1beta2", "Deployment"));
  EXPECT_EQ(GroupKind::of("apps/v1", "Deployment").str(), "Deployment.apps");
  EXPECT_EQ(GroupKind::of("v1", "Secret").str(), "Secret");
  EXPECT_EQ(GroupKind::of("v1", "Secret").key(), "/Secret");
  EXPECT_EQ(GroupKind::of("batch/v1", "Job").key(), "batch/Job");
  EXPECT_EQ(GroupKind::parse("Gateway.gateway.networking.k8s.io"), (GroupKind{"gateway.networking.k8s.io", "Gateway"}));
  EXPECT_EQ(GroupKind::parse("Secret"), (GroupKind{"", "Secret"}));
}

}  // namespace
}  // namespace bg::k8s
