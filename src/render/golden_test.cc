// Golden files: the example's whole render, file by file, under tests/golden/betelgeusebytes/, and
// the same platform on the Gateway API backend under tests/golden/betelgeusebytes-gateway/.
// After an intended change: BG_UPDATE_GOLDEN=1 build/betelgeuse_tests --gtest_filter='Golden*'
// rewrites them; review the diff with git before committing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "manifest/tree.h"
#include "pipeline/pipeline.h"
#include "render/output.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

void expect_golden(const std::string& spec_text, const std::string& golden_dir) {
  pipeline::PipelineResult r = pipeline::run_text(spec_text, "examples/betelgeusebytes.yaml");
  ASSERT_TRUE(r.ok());
  manifest::FileTree tree = output_tree(r.platform, r.objects);
  std::string dir = testing::source_path(golden_dir);
  if (std::getenv("BG_UPDATE_GOLDEN")) {
    std::filesystem::remove_all(dir);
    for (const auto& [rel, content] : tree) {
      std::filesystem::create_directories(std::filesystem::path(dir + "/" + rel).parent_path());
      std::ofstream(dir + "/" + rel) << content;
    }
  }
  std::map<std::string, std::string> golden = testing::read_tree(dir);
  ASSERT_FALSE(golden.empty()) << "no golden files; run with BG_UPDATE_GOLDEN=1";
  for (const auto& [rel, content] : tree) {
    auto it = golden.find(rel);
    if (it == golden.end()) {
      ADD_FAILURE() << "not in the golden tree: " << rel;
      continue;
    }
    EXPECT_EQ(content, it->second) << rel;
  }
  for (const auto& [rel, content] : golden) EXPECT_TRUE(tree.count(rel)) << "golden file no longer rendered: " << rel;
}

TEST(Golden, TheExampleRenderMatchesTheGoldenTree) {
  expect_golden(testing::example_spec(), "tests/golden/betelgeusebytes");
}

TEST(Golden, TheExampleOnTheGatewayApiBackendMatchesItsGoldenTree) {
  expect_golden(testing::gateway_example_spec(), "tests/golden/betelgeusebytes-gateway");
}

}  // namespace
}  // namespace bg::render
