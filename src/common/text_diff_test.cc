#include "common/text_diff.h"

#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "testing/fixtures.h"

namespace bg {
namespace {

TEST(UnifiedDiff, EqualTextsGiveNothing) { EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "x", "y"), ""); }

TEST(UnifiedDiff, OneChangedLineWithContext) {
  EXPECT_EQ(unified_diff("a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nd\nE\nf\ng\nh\n", "live", "merged"),
            "--- live\n+++ merged\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
}

TEST(UnifiedDiff, CreationFromNothing) {
  EXPECT_EQ(unified_diff("", "kind: Namespace\nname: db\n", "/dev/null", "db"),
            "--- /dev/null\n+++ db\n@@ -0,0 +1,2 @@\n+kind: Namespace\n+name: db\n");
}

TEST(UnifiedDiff, DeletionToNothing) {
  EXPECT_EQ(unified_diff("kind: Namespace\nname: db\n", "", "db", "/dev/null"),
            "--- db\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-kind: Namespace\n-name: db\n");
}

// A new CustomResourceDefinition is thousands of lines: its diff is every line added, and
// one line changed in the middle of a long text is one hunk, found past the common head and tail.
TEST(UnifiedDiff, LongTextsCreatedOrChangedInOneLine) {
  std::string a, b, added = "--- /dev/null\n+++ crd\n@@ -0,0 +1,4000 @@\n";
  for (int i = 0; i < 4000; ++i) {
    std::string line = "line " + std::to_string(i) + "\n";
    a += line;
    b += i == 2000 ? "changed\n" : line;
    added += "+" + line;
  }
  EXPECT_EQ(unified_diff("", a, "/dev/null", "crd"), added);
  EXPECT_EQ(unified_diff(a, b, "live", "merged"),
            "--- live\n+++ merged\n@@ -1998,7 +1998,7 @@\n line 1997\n line 1998\n line 1999\n-line 2000\n+changed\n"
            " line 2001\n line 2002\n line 2003\n");
}

TEST(UnifiedDiff, FarApartChangesAreSeparateHunks) {
  std::string a, b;
  for (int i = 0; i < 20; ++i) {
    a += "l" + std::to_string(i) + "\n";
    b += (i == 2 || i == 17 ? "X" : "l" + std::to_string(i)) + "\n";
  }
  EXPECT_EQ(unified_diff(a, b, "a", "b", {.context = 1}),
            "--- a\n+++ b\n@@ -2,3 +2,3 @@\n l1\n-l2\n+X\n l3\n@@ -17,3 +17,3 @@\n l16\n-l17\n+X\n l18\n");
}

TEST(UnifiedDiff, ColourMarksRemovalsAndAdditions) {
  std::string d = unified_diff("a\n", "b\n", "x", "y", {.color = true});
  EXPECT_NE(d.find("\033[31m-a\033[0m"), std::string::npos) << d;
  EXPECT_NE(d.find("\033[32m+b\033[0m"), std::string::npos) << d;
}

// The real tools judge: `patch` must turn a into b with our diff, and our diff must change as few
// lines as `diff --minimal` does (Myers finds a shortest edit script).
TEST(UnifiedDiff, RandomEditsApplyWithPatchAndAreMinimal) {
  testing::TempDir dir;
  std::mt19937 rng(20261127);
  auto text = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += std::string(1, static_cast<char>('a' + rng() % 4)) + "\n";
    return s;
  };
  auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir / name, std::ios::binary) << content;
  };
  auto changed = [](const std::string& diff) {
    int n = 0;
    std::size_t start = 0;
    while (start < diff.size()) {
      std::size_t nl = diff.find('\n', start);
      std::string_view line(diff.data() + start, nl - start);
      if (!line.starts_with("---") && !line.starts_with("+++") && (line[0] == '-' || line[0] == '+')) ++n;
      start = nl + 1;
    }
    return n;
  };
  for (int trial = 0; trial < 40; ++trial) {
    std::string a = text(static_cast<int>(rng() % 30)), b = text(static_cast<int>(rng() % 30));
    if (trial % 4 == 1) a.clear();  // creation and deletion
    if (trial % 4 == 2) b.clear();
    if (trial % 2 == 1) {  // a head and a tail both share
      std::string head = text(static_cast<int>(rng() % 8)), tail = text(static_cast<int>(rng() % 8));
      a = head + a + tail;
      b = head + b + tail;
    }
    write("a", a);
    write("b", b);
    std::string ours = unified_diff(a, b, "a", "b");
    write("ours.diff", ours);
    testing::CommandResult gnu = testing::run_command("diff --minimal -u " + (dir / "a") + " " + (dir / "b"));
    ASSERT_EQ(ours.empty(), gnu.exit_code == 0) << "trial " << trial;
    if (ours.empty()) continue;
    EXPECT_EQ(changed(ours), changed(gnu.out)) << "trial " << trial << "\nours:\n" << ours << "\ngnu:\n" << gnu.out;
    testing::CommandResult applied =
        testing::run_command("cp " + (dir / "a") + " " + (dir / "p") + " && patch -s " + (dir / "p") + " " + (dir / "ours.diff"));
    ASSERT_EQ(applied.exit_code, 0) << applied.err << applied.out << "\n" << ours;
    EXPECT_EQ(testing::read_file(dir / "p"), b) << "trial " << trial;
  }
}

}  // namespace
}  // namespace bg
