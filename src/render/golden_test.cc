// Golden files: the example's whole render, file by file, under tests/golden/betelgeusebytes/.
// After an intended change: BG_UPDATE_GOLDEN=1 build/betelgeuse_tests --gtest_filter='Golden*'
// rewrites them; review the diff with git before committing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "manifest/tree.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

TEST(Golden, TheExampleRenderMatchesTheGoldenTree) {
  pipeline::PipelineResult r = pipeline::run_text(testing::example_spec(), "examples/betelgeusebytes.yaml");
  ASSERT_TRUE(r.ok());
  manifest::FileTree tree = manifest::layout_tree(r.objects);
  std::string dir = testing::source_path("tests/golden/betelgeusebytes");
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

}  // namespace
}  // namespace bg::render
