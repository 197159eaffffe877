#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

struct ImageCase {
  const char* name;
  const char* image;
  std::vector<std::string> expected;
};

class ImagePinned : public ::testing::TestWithParam<ImageCase> {};

TEST_P(ImagePinned, JudgesTheImageReference) {
  std::string text = with(compliant_app(), "registry.example.com/web:1.4.2", GetParam().image);
  EXPECT_EQ(findings_of("image-pinned", text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ImagePinned,
    ::testing::Values(
        ImageCase{"a_version_tag_is_pinned", "registry.example.com/web:1.4.2", {}},
        ImageCase{"a_digest_is_pinned", "registry.example.com/web@sha256:0123456789abcdef", {}},
        ImageCase{"a_tag_and_digest_is_pinned", "nginx:1.27@sha256:0123456789abcdef", {}},
        ImageCase{"no_tag_means_latest",
                  "nginx",
                  {"image-pinned 33:16: container \"web\": image \"nginx\" has no tag, which means :latest"}},
        ImageCase{"a_registry_port_is_not_a_tag",
                  "registry.local:5000/team/web",
                  {"image-pinned 33:16: container \"web\": image \"registry.local:5000/team/web\" has no tag, which "
                   "means :latest"}},
        ImageCase{"latest_is_not_pinned",
                  "nginx:latest",
                  {"image-pinned 33:16: container \"web\": image \"nginx:latest\" uses the latest tag"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ImagePinned, InitContainersAndCronJobsAreCheckedToo) {
  std::string text = R"(apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: shop}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
          - name: wait
            image: busybox
          containers:
          - name: dump
            image: postgres:18.3
)";
  EXPECT_EQ(findings_of("image-pinned", text),
            std::vector<std::string>{
                "image-pinned 13:20: container \"wait\": image \"busybox\" has no tag, which means :latest"});
}

TEST(ImagePinned, TheHintNamesAPinnedFormOfTheSameImage) {
  std::vector<std::string> hints;
  for (const Finding& f : testing::check_findings(with(compliant_app(), "registry.example.com/web:1.4.2", "nginx:latest")))
    if (f.rule == "image-pinned") hints.push_back(f.hint);
  EXPECT_EQ(hints, std::vector<std::string>{"pin a version tag such as \"nginx:1.2.3\", or a digest \"nginx@sha256:...\""});
}

}  // namespace
}  // namespace bg::check
