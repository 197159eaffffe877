// tests/check/: one deliberately broken manifest per rule. Each file must give exactly the findings
// its "# expect:" line lists (rule@line:col), and every rule must have a file.
// tests/check-sets/: realistic sets checked folder by folder; each gives exactly its expected.txt.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

#include "check/checker.h"
#include "check/manifest_reader.h"
#include "check/rules/rule.h"
#include "testing/fixtures.h"

namespace bg::check {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> expected(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# expect:", 0) != 0) continue;
    std::istringstream words(line.substr(9));
    std::vector<std::string> out;
    for (std::string w; words >> w;) out.push_back(w);
    return out;
  }
  return {};
}

std::vector<std::string> found(const std::string& path) {
  DiskFileSystem disk;
  Checker checker(SchemaSet::builtin());
  ReadResult r = read_each(disk, {path}, nullptr,
                           [&](const std::string& file, const yaml::Node& object) { checker.add_document(object, file); });
  EXPECT_TRUE(r.diagnostics.empty()) << path;
  std::vector<std::string> out;
  for (const Finding& f : checker.finish())
    out.push_back(f.rule + "@" + std::to_string(f.loc.line) + ":" + std::to_string(f.loc.col));
  return out;
}

TEST(Corpus, EveryBrokenManifestGivesExactlyTheFindingsItExpects) {
  std::set<std::string> covered;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(testing::source_path("tests/check"))) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    std::string path = entry.path().string();
    std::vector<std::string> want = expected(testing::read_file(path));
    EXPECT_FALSE(want.empty()) << path << " has no # expect: line";
    EXPECT_EQ(found(path), want) << path;
    for (const std::string& w : want) covered.insert(w.substr(0, w.find('@')));
    // The file is named after the rule it breaks, and breaks that rule.
    EXPECT_TRUE(covered.count(entry.path().stem().string())) << path;
  }
  EXPECT_GT(files, 0);
  for (const RuleInfo& r : all_rules()) {
    // The checker's own failures cannot be provoked on purpose, and a too-large object is megabytes
    // that robustness_test.cc generates rather than a file kept here.
    if (r.id == "internal" || r.id == "too-large") continue;
    EXPECT_TRUE(covered.count(std::string(r.id))) << "no broken manifest in tests/check triggers " << r.id;
  }
}

// "FILE:LINE:COL: SEVERITY RULE: MESSAGE" of every finding of checking `folder` as one set.
std::string found_in_set(const std::string& folder) {
  DiskFileSystem disk;
  Checker checker(SchemaSet::builtin());
  ReadResult r = read_each(disk, {folder}, nullptr,
                           [&](const std::string& file, const yaml::Node& object) { checker.add_document(object, file); });
  EXPECT_TRUE(r.diagnostics.empty()) << folder;
  std::string out;
  for (const Finding& f : checker.finish())
    out += fs::relative(f.loc.file, folder).string() + ":" + std::to_string(f.loc.line) + ":" +
           std::to_string(f.loc.col) + ": " + std::string(severity_name(f.severity)) + " " + f.rule + ": " + f.message +
           "\n";
  return out;
}

TEST(Corpus, EveryRealisticSetGivesExactlyItsExpectedFindings) {
  int sets = 0;
  for (const auto& entry : fs::directory_iterator(testing::source_path("tests/check-sets"))) {
    if (!entry.is_directory()) continue;
    ++sets;
    std::string folder = entry.path().string();
    EXPECT_EQ(found_in_set(folder), testing::read_file(folder + "/expected.txt")) << folder;
  }
  EXPECT_GT(sets, 0);
}

}  // namespace
}  // namespace bg::check
