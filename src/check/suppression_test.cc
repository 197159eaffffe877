#include "check/suppression.h"

#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::check_text;
using testing::compliant_app;
using testing::with;

using Lines = std::vector<std::string>;

std::string app_with(const std::string& annotations, const std::string& image = "nginx:latest") {
  std::string text = with(compliant_app(), "registry.example.com/web:1.4.2", image);
  return with(text, "  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels",
              "  name: web\n  namespace: shop\n  annotations:\n" + annotations +
                  "spec:\n  selector:\n    matchLabels");
}

TEST(Suppression, OneAnnotationSilencesOneRuleOnOneObject) {
  EXPECT_EQ(check_text(app_with("    betelgeuse.io/suppress.image-pinned: \"vendor publishes only latest\"\n")), Lines{});
  EXPECT_EQ(testing::findings_of("image-pinned", app_with("    betelgeuse.io/suppress.probes-required: \"batch worker\"\n")).size(),
            1u);
}

TEST(Suppression, AnEmptyReasonSuppressesNothingAndIsAFinding) {
  EXPECT_EQ(check_text(app_with("    betelgeuse.io/suppress.image-pinned: \" \"\n")),
            (Lines{"suppression 21:5: suppression of \"image-pinned\" gives no reason",
                   "image-pinned 35:16: container \"web\": image \"nginx:latest\" uses the latest tag"}));
}

TEST(Suppression, AnUnknownRuleIsAFindingWithASuggestion) {
  std::vector<Finding> found =
      testing::check_findings(app_with("    betelgeuse.io/suppress.image-pined: \"typo\"\n", "nginx:1.27"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "suppression names no rule \"image-pined\"");
  EXPECT_EQ(found[0].hint, "did you mean \"image-pinned\"?");
}

TEST(Suppression, SchemaFindingsCannotBeSuppressed) {
  EXPECT_EQ(testing::findings_of("suppression", app_with("    betelgeuse.io/suppress.schema: \"please\"\n", "nginx:1.27")),
            Lines{"suppression 21:5: \"schema\" findings cannot be suppressed"});
}

TEST(Suppression, ASuppressionThatSilencesNothingIsReportedAsInformation) {
  std::vector<Finding> found =
      testing::check_findings(app_with("    betelgeuse.io/suppress.image-pinned: \"old reason\"\n", "nginx:1.27"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kInfo);
  EXPECT_EQ(found[0].message, "suppression of \"image-pinned\" silences nothing on this object");
}

TEST(Suppression, SetRuleFindingsAreSuppressedOnTheObjectTheyLandOn) {
  std::string text = with(compliant_app(), "  selector:\n    app: web\n", "  selector:\n    app: wbe\n");
  EXPECT_EQ(testing::findings_of("service-selects-nothing", text).size(), 1u);
  text = with(text, "  name: web\n  namespace: shop\nspec:\n  selector:\n    app: wbe",
              "  name: web\n  namespace: shop\n  annotations: {betelgeuse.io/suppress.service-selects-nothing: "
              "\"endpoints come from the mesh\"}\nspec:\n  selector:\n    app: wbe");
  EXPECT_EQ(check_text(text), Lines{});
}

}  // namespace
}  // namespace bg::check
