// The diagram on the Gateway API backend: the Gateway is the access layer's node.
#include <gtest/gtest.h>

#include "common/process.h"
#include "diagram/diagram.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::diagram {
namespace {

const platform::Platform& gateway_example() {
  static const pipeline::PipelineResult r = pipeline::run_text(testing::with_gateway_backend(testing::skeleton_spec()), "e.yaml");
  return r.platform;
}

TEST(DiagramGateway, TheGatewayTakesTheIngressControllersPlace) {
  std::string dot = to_dot(gateway_example());
  for (const char* want : {"internet -> \"gateway\" [label=\"80, 443, 5432\"",
                           "\"gateway\" -> \"c_grafana\" [label=\"https://grafana.betelgeusebytes.io (basic auth)\"",
                           "\"gateway\" -> \"c_postgres\" [label=\"tcp 5432\"", "\"c_cert-manager\" -> \"gateway\""})
    EXPECT_NE(dot.find(want), std::string::npos) << want << "\n" << dot;
  EXPECT_EQ(dot.find("ingress-nginx"), std::string::npos);
  EXPECT_NE(to_text(gateway_example()).find("└─ Gateway gateway/platform (Cilium)\n"), std::string::npos);
  ASSERT_TRUE(on_path("dot"));
  Result<ProcessResult> svg = run_process({"dot", "-Tsvg"}, dot);
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->exit_code, 0) << svg->err;
}

}  // namespace
}  // namespace bg::diagram
