#include "apply/progress_line.h"

#include <gtest/gtest.h>

namespace bg::apply {
namespace {

const std::vector<std::string> kNineteen = {"argo-server", "cert-manager", "elasticsearch", "embeddings", "gitea",
                                            "grafana", "jupyter", "kafka", "keycloak", "kibana", "label-studio",
                                            "minio", "mlflow", "n8n", "neo4j", "postgres", "prometheus", "tempo", "vllm"};

WaveLine waiting_wave() {
  return {"wave 3/6", "level 0", kNineteen, "healthy 80/184", "12 s", "statefulset/elasticsearch", "Ready: 0/1", "9 s"};
}

TEST(ProgressLine, AListKeepsAsManyLeadingItemsAsFitAndCountsTheRest) {
  EXPECT_EQ(shorten_list(kNineteen, 29), "argo-server, cert-manager +17");
  EXPECT_EQ(shorten_list(kNineteen, 28), "argo-server +18");
  EXPECT_EQ(shorten_list(kNineteen, 3), "argo-server +18");  // never less than the first
  EXPECT_EQ(shorten_list({"a", "b"}, 4), "a, b");
  EXPECT_EQ(shorten_list({}, 10), "");
}

TEST(ProgressLine, TruncationEndsInAnEllipsisWithinTheWidth) {
  EXPECT_EQ(truncate_to("Ready: 0/1", 10), "Ready: 0/1");
  EXPECT_EQ(truncate_to("Ready: 0/1", 6), "Ready…");
  EXPECT_EQ(display_width(truncate_to("Ready: 0/1", 6)), 6u);
  EXPECT_EQ(truncate_to("Ready", 0), "");
}

TEST(ProgressLine, DurationsAreWholeSeconds) {
  using std::chrono::milliseconds;
  EXPECT_EQ(duration_text(milliseconds(999)), "0 s");
  EXPECT_EQ(duration_text(milliseconds(42'999)), "42 s");
  EXPECT_EQ(duration_text(milliseconds(303'000)), "5 m 03 s");
  EXPECT_EQ(duration_text(milliseconds(3'720'000)), "1 h 02 m");
}

struct FitCase {
  const char* name;
  std::size_t columns;
  const char* line;
};

class FitAt : public ::testing::TestWithParam<FitCase> {};

TEST_P(FitAt, KeepsTheCountsAndGivesTheRestWhatIsLeft) {
  std::string line = fit(waiting_wave(), GetParam().columns);
  EXPECT_EQ(line, GetParam().line);
  EXPECT_LE(display_width(line), GetParam().columns);
}

INSTANTIATE_TEST_SUITE_P(
    Widths, FitAt,
    ::testing::Values(
        FitCase{"TwentyColumnsCutTheCountsThemselves", 20, "wave 3/6  healthy 8…"},
        FitCase{"ThirtyNineColumnsKeepOnlyTheLabel", 39, "wave 3/6  level 0  healthy 80/184  12 s"},
        FitCase{"FiftyColumnsCutTheAwaitedMemberAndDropTheLabel", 50, "wave 3/6  healthy 80/184  12 s  statefulset/elast…"},
        FitCase{"SeventyColumnsCutItsReason", 70, "wave 3/6  healthy 80/184  12 s  statefulset/elasticsearch Ready:…, 9 s"},
        FitCase{"SeventyNineColumnsDropTheLabelRatherThanCutTheReason", 79,
                "wave 3/6  healthy 80/184  12 s  statefulset/elasticsearch Ready: 0/1, 9 s"},
        FitCase{"NinetyColumnsShowItAll", 90, "wave 3/6  level 0  healthy 80/184  12 s  statefulset/elasticsearch Ready: 0/1, 9 s"},
        FitCase{"TwoHundredColumnsListComponents", 199,
                "wave 3/6  level 0: argo-server, cert-manager, elasticsearch, embeddings, gitea, grafana, jupyter, kafka, "
                "keycloak, kibana +9  healthy 80/184  12 s  statefulset/elasticsearch Ready: 0/1, 9 s"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ProgressLine, AWaveWithoutALevelIsNamedByItsLabelAlone) {
  WaveLine line{"wave 1/6", "definitions", {}, "applying 3/12", "0 s"};
  EXPECT_EQ(fit(line, 79), "wave 1/6  definitions  applying 3/12  0 s");
}

}  // namespace
}  // namespace bg::apply
