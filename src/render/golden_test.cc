// Golden files: the example's whole render, file by file, under tests/golden/betelgeusebytes/, and
// the same platform on the Gateway API backend under tests/golden/betelgeusebytes-gateway/.
// After an intended change: BG_UPDATE_GOLDEN=1 build/betelgeuse_tests --gtest_filter='Golden*'
// rewrites them; review the diff with git before committing.
//
// A CustomResourceDefinition is stored once, in data/crds/ (most of a golden tree's bytes would
// otherwise be copies of those files, twice over): its golden file holds what the render adds —
// the header, apiVersion, kind and metadata — and ends with a line naming the data file, whose
// `spec` the rendered file must then carry, written as the render writes YAML. A rendered CRD whose
// spec is not its data file's gets a whole golden file, so the difference shows.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string_view>

#include "manifest/tree.h"
#include "manifest/yaml_writer.h"
#include "pipeline/pipeline.h"
#include "render/output.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

using nlohmann::json;

// The last line of a CRD's golden file names the data file its spec comes from.
constexpr std::string_view kSpecFrom = "# spec: ";
constexpr std::string_view kCrds = "data/crds/";

// The CRD's spec as the render writes it: the last part of the rendered file.
std::string spec_yaml(const json& crd) { return manifest::to_yaml(json{{"spec", crd.at("spec")}}); }

// Every CRD of data/crds/ by name, with its path in the source tree.
std::map<std::string, std::pair<std::string, json>> data_crds() {
  std::map<std::string, std::pair<std::string, json>> out;
  for (const auto& [rel, text] : testing::read_tree(testing::source_path(std::string(kCrds)))) {
    if (rel.size() < 5 || rel.compare(rel.size() - 5, 5, ".json") != 0) continue;
    json crd = json::parse(text);
    out[crd["metadata"]["name"].get<std::string>()] = {std::string(kCrds) + rel, crd};
  }
  return out;
}

// The rendered `content` as its golden file stores it: a CRD whose spec is its data file's up to
// its spec, and a line naming that file; anything else whole.
std::string golden_of(const std::string& content, const std::map<std::string, std::pair<std::string, json>>& crds) {
  std::size_t spec = content.find("\nspec:\n");
  std::size_t name = content.find("\n  name: ");  // metadata's, which comes before spec
  if (content.find("\nkind: CustomResourceDefinition\n") == std::string::npos || spec == std::string::npos ||
      name == std::string::npos || name > spec)
    return content;
  name += 9;
  auto it = crds.find(content.substr(name, content.find('\n', name) - name));
  if (it == crds.end()) return content;
  const auto& [path, crd] = it->second;
  std::string head = content.substr(0, spec + 1);
  if (head + spec_yaml(crd) != content) return content;
  return head + std::string(kSpecFrom) + path + "\n";
}

// What the rendered file must be: its golden file, with a CRD's spec read from the data file.
std::string expected(const std::string& golden) {
  if (golden.size() < 2 || golden.back() != '\n') return golden;
  std::size_t last = golden.rfind('\n', golden.size() - 2);  // the last line starts after it
  last = last == std::string::npos ? 0 : last + 1;
  std::string_view line(golden.data() + last, golden.size() - 1 - last);
  if (line.substr(0, kSpecFrom.size()) != kSpecFrom || line.substr(kSpecFrom.size(), kCrds.size()) != kCrds)
    return golden;
  std::string path(line.substr(kSpecFrom.size()));
  return golden.substr(0, last) + spec_yaml(json::parse(testing::read_file(testing::source_path(path))));
}

void expect_golden(const std::string& spec_text, const std::string& golden_dir) {
  pipeline::PipelineResult r = pipeline::run_text(spec_text, "examples/betelgeusebytes.yaml");
  ASSERT_TRUE(r.ok());
  manifest::FileTree tree = output_tree(r.platform, r.objects);
  std::string dir = testing::source_path(golden_dir);
  if (std::getenv("BG_UPDATE_GOLDEN")) {
    const auto crds = data_crds();
    std::filesystem::remove_all(dir);
    for (const auto& [rel, content] : tree) {
      std::filesystem::create_directories(std::filesystem::path(dir + "/" + rel).parent_path());
      std::ofstream(dir + "/" + rel) << golden_of(content, crds);
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
    EXPECT_EQ(content, expected(it->second)) << rel;
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
