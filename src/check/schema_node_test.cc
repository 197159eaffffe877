// The walker over YAML trees must give the JSON walker's verdict, object for object: here on every
// manifest at hand and on thousands of mutations of one (each value swapped for every other type).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "check/schema.h"
#include "testing/check_fixtures.h"
#include "testing/fixtures.h"
#include "yaml/loader.h"

namespace bg::check {
namespace {

const char* verdict(SchemaVerdict v) {
  return v == SchemaVerdict::kValid ? "valid" : v == SchemaVerdict::kInvalid ? "invalid" : "unknown kind";
}

// Compares both verdicts, and both violation lists when invalid; returns the verdict.
SchemaVerdict agree(const yaml::Node& object, const std::string& what) {
  const SchemaSet& schemas = SchemaSet::builtin();
  std::vector<SchemaViolation> from_node, from_json;
  SchemaVerdict a = schemas.validate(object, &from_node);
  SchemaVerdict b = schemas.validate(yaml::to_json(object), &from_json);
  EXPECT_STREQ(verdict(a), verdict(b)) << what;
  EXPECT_EQ(from_node.size(), from_json.size()) << what;
  for (std::size_t i = 0; i < std::min(from_node.size(), from_json.size()); ++i)
    EXPECT_EQ(from_node[i].message, from_json[i].message) << what;
  return a;
}

TEST(SchemaNode, GivesTheJsonVerdictOnEveryManifestAtHand) {
  namespace fs = std::filesystem;
  int objects = 0;
  for (const std::string& dir : {testing::source_path("tests"), testing::source_path("../shared/reference/crds")}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::string ext = it->path().extension().string();
      if (!it->is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      std::string text = testing::read_file(it->path().string());
      yaml::load_each(text, it->path().string(), [&](yaml::Document&& d) {
        agree(d.root, it->path().string());
        ++objects;
      });
    }
  }
  EXPECT_GT(objects, 100);
}

// Every scalar and collection of the compliant app replaced, one at a time, by a value of each type.
TEST(SchemaNode, GivesTheJsonVerdictOnEveryMutation) {
  std::vector<yaml::Node> docs;
  yaml::load_each(testing::compliant_app(), "app.yaml", [&](yaml::Document&& d) { docs.push_back(std::move(d.root)); });
  ASSERT_EQ(docs.size(), 4u);
  std::vector<yaml::Node> replacements;
  for (const char* text : {"x", "7", "1.5", "-3", "true", "~", "[a, 1]", "{a: b}", "99999999999", "\"80\"", "Always", "TCP"}) {
    yaml::LoadResult r = yaml::load(std::string("v: ") + text, "r.yaml");
    replacements.push_back(*r.documents.at(0).root.find("v"));
  }
  int mutations = 0, invalid = 0;
  for (yaml::Node& doc : docs) {
    std::function<void(yaml::Node&)> each = [&](yaml::Node& n) {
      for (const yaml::Node& r : replacements) {
        yaml::Node saved = n;
        n = r;
        invalid += agree(doc, "mutation " + std::to_string(mutations)) == SchemaVerdict::kInvalid;
        ++mutations;
        n = std::move(saved);
      }
      for (yaml::Node& i : n.items) each(i);
      for (auto& [k, v] : n.entries) each(v);
    };
    for (auto& [k, v] : doc.entries) each(v);
  }
  EXPECT_GT(mutations, 500);
  EXPECT_GT(invalid, mutations / 4);  // the mutations do break things, so both walkers are exercised
}

}  // namespace
}  // namespace bg::check
