// The policy matrix of the example: every (caller, callee, port) flow between the render's pods
// that its NetworkPolicies allow, one per line, in tests/golden/policy-matrix/. Any change to
// isolation shows up there in review. Only Kubernetes NetworkPolicies are read: on the Gateway API
// backend, the paths Cilium's own policies open (Envoy to the backends) are not in its matrix.
// After an intended change:
//   BG_UPDATE_GOLDEN=1 build/betelgeuse_tests --gtest_filter='PolicyMatrix*'
// rewrites the files; review the diff with git before committing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "check/flow_matrix.h"
#include "check/json_node.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

void expect_matrix(const std::string& spec_text, const std::string& golden_file) {
  pipeline::PipelineResult r = pipeline::run_text(spec_text, "examples/betelgeusebytes.yaml");
  ASSERT_TRUE(r.ok());
  std::vector<yaml::Node> objects;
  for (const manifest::Object& o : r.objects.objects()) objects.push_back(check::node_of(o.body));
  std::string text;
  for (const std::string& line : check::flow_matrix(objects)) text += line + "\n";
  std::string path = testing::source_path(golden_file);
  if (std::getenv("BG_UPDATE_GOLDEN")) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << text;
  }
  EXPECT_EQ(text, testing::read_file(path)) << "the policy matrix changed; see the comment atop this file";
}

TEST(PolicyMatrix, TheExampleAllowsExactlyTheGoldenFlows) {
  expect_matrix(testing::example_spec(), "tests/golden/policy-matrix/betelgeusebytes.txt");
}

TEST(PolicyMatrix, TheExampleOnTheGatewayApiBackendAllowsExactlyTheGoldenFlows) {
  expect_matrix(testing::gateway_example_spec(), "tests/golden/policy-matrix/betelgeusebytes-gateway.txt");
}

}  // namespace
}  // namespace bg::render
