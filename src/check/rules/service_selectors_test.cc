#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::compliant_app;
using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

TEST(ServiceSelectsNothing, TheCompliantServiceSelectsItsPods) {
  EXPECT_EQ(findings_of("service-selects-nothing", compliant_app()), Lines{});
  EXPECT_EQ(findings_of("service-target-port", compliant_app()), Lines{});
}

TEST(ServiceSelectsNothing, ATypoInTheSelectorIsAFinding) {
  std::string text = with(compliant_app(), "  selector:\n    app: web\n", "  selector:\n    app: wbe\n");
  EXPECT_EQ(findings_of("service-selects-nothing", text),
            Lines{"service-selects-nothing 62:5: Service \"web\" selects no pod template in the set (selector app=wbe)"});
}

TEST(ServiceSelectsNothing, PodsInAnotherNamespaceDoNotCount) {
  std::string text = with(compliant_app(), "  name: web\n  namespace: shop\nspec:\n  selector:\n    app",
                          "  name: web\n  namespace: other\nspec:\n  selector:\n    app");
  EXPECT_EQ(findings_of("service-selects-nothing", text).size(), 1u);
}

TEST(ServiceSelectsNothing, AServiceWithoutSelectorIsLeftAlone) {
  std::string text = with(compliant_app(), "  selector:\n    app: web\n  ports:", "  ports:");
  EXPECT_EQ(findings_of("service-selects-nothing", text), Lines{});
}

TEST(ServiceTargetPort, ANamedTargetPortThePodsLackIsAFinding) {
  std::string text = with(compliant_app(), "    targetPort: http\n", "    targetPort: htpp\n");
  EXPECT_EQ(findings_of("service-target-port", text),
            Lines{"service-target-port 66:17: targetPort \"htpp\" of Service \"web\" is not a port name of the pods it "
                  "selects"});
}

}  // namespace
}  // namespace bg::check
