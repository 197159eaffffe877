// docs/components.md says for every component of the catalog how what its program does with the
// render is proven (issue 13): contract test, validator, or reading only; a contract test it
// names exists.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "testing/fixtures.h"

namespace bg::testing {
namespace {

TEST(ComponentsDoc, SaysHowEveryCatalogComponentIsProven) {
  const std::string doc = read_file(source_path("docs/components.md"));
  const std::size_t section = doc.find("## How each component is proven");
  ASSERT_NE(section, std::string::npos);
  std::map<std::string, std::string> proven_by;  // component → its row
  std::istringstream in(doc.substr(section));
  const std::regex row(R"(^\| ([a-z0-9-]+) \| (\*\*contract test\*\*|validator|reading only) \|.*)");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, row)) proven_by[m[1]] = line;
  }
  int components = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("catalog"))) {
    if (entry.path().extension() != ".yaml") continue;
    ++components;
    const std::string name = entry.path().stem();
    ASSERT_TRUE(proven_by.count(name)) << name << " has no row in docs/components.md's \"How each component is proven\"";
    const std::string& line = proven_by[name];
    if (line.find("**contract test**") == std::string::npos) continue;
    std::smatch test;
    ASSERT_TRUE(std::regex_search(line, test, std::regex(R"(`(testing/[a-z0-9_]+_test\.cc)`)"))) << line;
    EXPECT_TRUE(std::filesystem::exists(source_path(test[1]))) << test[1];
  }
  EXPECT_EQ(proven_by.size(), static_cast<std::size_t>(components)) << "rows for components the catalog does not have";
}

}  // namespace
}  // namespace bg::testing
