#include "check/rules/rule.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "testing/fixtures.h"

namespace bg::check {
namespace {

TEST(Rules, IdsAreUniqueAndKebabCase) {
  std::set<std::string_view> seen;
  for (const RuleInfo& r : all_rules()) {
    EXPECT_TRUE(seen.insert(r.id).second) << r.id;
    EXPECT_EQ(r.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz-"), std::string_view::npos) << r.id;
    EXPECT_FALSE(r.rationale.empty()) << r.id;
  }
  EXPECT_EQ(find_rule("image-pinned")->severity, Severity::kWarning);
  EXPECT_EQ(find_rule("no-such-rule"), nullptr);
}

// docs/rules.md has one "## id" section per rule, stating its severity, rationale, suppression and
// limits, and no section for a rule that does not exist.
TEST(Rules, EveryRuleIsDocumentedWithItsSeverityAndNothingElseIs) {
  std::istringstream doc(testing::read_file(testing::source_path("docs/rules.md")));
  std::map<std::string, std::string> documented;  // id -> its section's text
  std::string line, current;
  while (std::getline(doc, line)) {
    if (line.rfind("## ", 0) == 0) {
      // Rule sections are headed by the bare id; other headings ("## Suppressing a finding") are prose.
      current = line.substr(3);
      if (current.find_first_not_of("abcdefghijklmnopqrstuvwxyz-") != std::string::npos) current.clear();
      else documented[current];
    } else if (!current.empty()) {
      documented[current] += line + "\n";
    }
  }
  for (const RuleInfo& r : all_rules()) {
    auto it = documented.find(std::string(r.id));
    ASSERT_NE(it, documented.end()) << "docs/rules.md has no section for " << r.id;
    std::string severity = "**Severity:** " + std::string(severity_name(r.severity));
    EXPECT_NE(it->second.find(severity), std::string::npos) << r.id << " should say " << severity;
    EXPECT_NE(it->second.find(std::string(r.rationale)), std::string::npos) << r.id << " should state its rationale";
    EXPECT_NE(it->second.find("**Limits:** "), std::string::npos) << r.id << " should say what it cannot know";
    if (r.suppressible) {
      EXPECT_NE(it->second.find("betelgeuse.io/suppress." + std::string(r.id)), std::string::npos) << r.id;
    }
  }
  for (const auto& [id, text] : documented) EXPECT_NE(find_rule(id), nullptr) << "docs/rules.md documents " << id;
}

}  // namespace
}  // namespace bg::check
