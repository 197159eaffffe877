#include "apply/progress.h"

#include <sstream>

#include <gtest/gtest.h>

namespace bg::apply {
namespace {

std::vector<ApplyEvent> a_wave() {
  using K = ApplyEvent::Kind;
  return {{K::kWaveStarted, 0, "definitions", "", "", 0, 2},
          {K::kObject, 0, "definitions", "v1 Namespace db", "created"},
          {K::kObject, 0, "definitions", "v1 Namespace ml", "unchanged"},
          {K::kWaveProgress, 0, "definitions", "", "", 1, 2},
          {K::kWaveHealthy, 0, "definitions", "", "", 2, 2},
          {K::kPruned, -1, "prune", "v1 ConfigMap db/old", "pruned"}};
}

std::string print(ProgressStyle style) {
  std::ostringstream out;
  ProgressPrinter p(out, style, 3);
  for (const ApplyEvent& e : a_wave()) p(e);
  return out.str();
}

TEST(Progress, PlainOutputHasNoControlCharactersAndOnlyChanges) {
  EXPECT_EQ(print(ProgressStyle::kPlain),
            "  v1 Namespace db created\nwave 1/3  definitions  healthy 2/2\nv1 ConfigMap db/old pruned\n");
}

TEST(Progress, ATerminalRewritesTheWaveLineInPlace) {
  std::string out = print(ProgressStyle::kTerminal);
  EXPECT_NE(out.find("\r\033[2Kwave 1/3  definitions  applied 2/2, healthy 1/2"), std::string::npos) << out;
  EXPECT_NE(out.find("\r\033[2Kwave 1/3  definitions  healthy 2/2\n"), std::string::npos) << out;
}

TEST(Progress, JsonIsOneObjectPerLine) {
  std::istringstream lines(print(ProgressStyle::kJson));
  std::string line;
  std::vector<nlohmann::json> events;
  while (std::getline(lines, line)) events.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[1], nlohmann::json::parse(R"({"event":"object","wave":1,"waveName":"definitions","object":"v1 Namespace db","action":"created"})"));
  EXPECT_EQ(events[5]["event"], "pruned");
}

}  // namespace
}  // namespace bg::apply
