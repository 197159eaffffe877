#include "diag/diagnostic.h"

#include <gtest/gtest.h>

namespace bg {
namespace {

TEST(Diagnostics, RenderQuotesTheLineAndPutsACaretUnderTheColumn) {
  Diagnostics d;
  d.error({"f.yaml", 2, 5}, "bad thing", "do the other thing");
  EXPECT_EQ(render_diagnostics(d, {{"f.yaml", "a: 1\nb:  xyz\n"}}, false),
            "f.yaml:2:5: error: bad thing\n"
            "  b:  xyz\n"
            "      ^\n"
            "  hint: do the other thing\n");
}

TEST(Diagnostics, UnknownPlacesPrintOnlyTheFileName) {
  Diagnostics d;
  d.warning({"f.yaml", 0, 0}, "vague");
  EXPECT_EQ(render_diagnostics(d, {}, false), "f.yaml: warning: vague\n");
  EXPECT_FALSE(d.has_errors());
}

TEST(Diagnostics, ControlBytesInQuotedLinesDoNotReachTheTerminal) {
  Diagnostics d;
  d.error({"f", 1, 1}, "m");
  EXPECT_EQ(render_diagnostics(d, {{"f", std::string("a\x1b[2Jb\n")}}, false), "f:1:1: error: m\n  a?[2Jb\n  ^\n");
}

TEST(Diagnostics, ColorWrapsTheSeverity) {
  Diagnostics d;
  d.error({"f", 0, 0}, "m");
  EXPECT_NE(render_diagnostics(d, {}, true).find("\033[1;31merror:"), std::string::npos);
}

TEST(ClosestMatch, FindsTyposTranspositionsAndCaseButNotStrangers) {
  std::vector<std::string> names = {"domain", "nodes", "components", "ports"};
  EXPECT_EQ(closest_match("domian", names), "domain");
  EXPECT_EQ(closest_match("prots", names), "ports");
  EXPECT_EQ(closest_match("Nodes", names), "nodes");
  EXPECT_EQ(closest_match("x", names), "");
  EXPECT_EQ(closest_match("completely-different", names), "");
}

}  // namespace
}  // namespace bg
