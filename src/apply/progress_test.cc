#include "apply/progress.h"

#include <sstream>

#include <gtest/gtest.h>

#include "testing/fake_clock.h"
#include "testing/fake_terminal_width.h"

namespace bg::apply {
namespace {

using K = ApplyEvent::Kind;
using std::chrono::seconds;

const std::vector<std::string> kNineteen = {"argo-server", "cert-manager", "elasticsearch", "embeddings", "gitea",
                                            "grafana", "jupyter", "kafka", "keycloak", "kibana", "label-studio",
                                            "minio", "mlflow", "n8n", "neo4j", "postgres", "prometheus", "tempo", "vllm"};

std::vector<Wave> plan() {
  std::string level = "level 0:";
  for (const std::string& c : kNineteen) level += " " + c;
  return {{"definitions", {}, {0, 1}}, {level, kNineteen, {2, 3, 4, 5}}, {"exposure", {"grafana"}, {6}}};
}

MemberHealth unready(const char* api, const char* kind, const char* name, const char* why) {
  return {{api, kind, "db", name}, {Health::kInProgress, why}};
}

// Three waves as the engine reports them: the second waits on a StatefulSet that stays at the
// same state while a Deployment moves on; `mid_wave` runs halfway through it (a resize).
struct Script {
  testing::FakeClock clock;
  testing::FakeTerminalWidth width{80};

  std::string run(ProgressStyle style, const std::function<void()>& mid_wave = {}) {
    std::ostringstream out;
    ProgressPrinter p(out, style, plan(), clock, &width);
    std::string level = plan()[1].name;
    auto sts = unready("apps/v1", "StatefulSet", "elasticsearch", "Ready: 0/1");
    p({K::kWaveStarted, 0, "definitions", "", "", 0, 2});
    p({K::kObject, 0, "definitions", "v1 Namespace db", "created"});
    p({K::kObject, 0, "definitions", "v1 Namespace ml", "unchanged"});
    clock.sleep_for(seconds(1));
    p({K::kWaveProgress, 0, "definitions", "", "", 2, 2});
    p({K::kWaveHealthy, 0, "definitions", "", "", 2, 2});
    p({K::kWaveStarted, 1, level, "", "", 0, 4});
    p({K::kObject, 1, level, "apps/v1 StatefulSet db/elasticsearch", "created"});
    p({K::kObject, 1, level, "apps/v1 Deployment db/grafana", "created"});
    p({K::kObject, 1, level, "v1 Service db/elasticsearch", "unchanged"});
    p({K::kObject, 1, level, "v1 Service db/grafana", "unchanged"});
    clock.sleep_for(seconds(2));
    p({K::kWaveProgress, 1, level, "", "", 2, 4, {}, {sts, unready("apps/v1", "Deployment", "grafana", "Available: 0/1")}});
    clock.sleep_for(seconds(3));
    p({K::kWaveProgress, 1, level, "", "", 2, 4, {}, {unready("apps/v1", "Deployment", "grafana", "Ready: 0/1"), sts}});
    if (mid_wave) mid_wave();
    clock.sleep_for(seconds(4));
    p({K::kWaveProgress, 1, level, "", "", 3, 4, {}, {sts}});
    clock.sleep_for(seconds(1));
    p({K::kWaveProgress, 1, level, "", "", 4, 4});
    p({K::kWaveHealthy, 1, level, "", "", 4, 4});
    p({K::kWaveStarted, 2, "exposure", "", "", 0, 1});
    p({K::kObject, 2, "exposure", "networking.k8s.io/v1 Ingress db/grafana", "created"});
    p({K::kWaveProgress, 2, "exposure", "", "", 1, 1});
    p({K::kWaveHealthy, 2, "exposure", "", "", 1, 1});
    p({K::kPruned, -1, "prune", "v1 ConfigMap db/old", "pruned"});
    p({K::kDone, -1, "", "", "5 created, 0 configured, 2 unchanged, 1 pruned", 0, 0, {}, {}, {5, 0, 2, 1}});
    p.finish();
    return out.str();
  }
};

// A terminal's output as the texts drawn one after another: each redraw ("\r", erase line)
// starts a new entry, so a line ending in "\n" is one that stays on the screen.
std::vector<std::string> draws(const std::string& out) {
  std::vector<std::string> texts;
  const std::string redraw = "\r\033[2K";
  std::size_t at = 0;
  if (out.compare(0, redraw.size(), redraw) != 0) ADD_FAILURE() << "does not start with a redraw: " << out;
  while (at < out.size()) {
    std::size_t start = out.compare(at, redraw.size(), redraw) == 0 ? at + redraw.size() : at;
    std::size_t next = out.find(redraw, start);
    texts.push_back(out.substr(start, next == std::string::npos ? std::string::npos : next - start));
    at = next == std::string::npos ? out.size() : next;
  }
  return texts;
}

// Every drawn line fits the terminal with a column to spare.
void expect_within(const std::vector<std::string>& texts, std::size_t columns) {
  for (const std::string& t : texts)
    for (std::size_t from = 0, to; from < t.size(); from = to + 1) {
      to = t.find('\n', from);
      if (to == std::string::npos) to = t.size();
      EXPECT_LT(display_width(t.substr(from, to - from)), columns) << t;
    }
}

std::vector<std::string> terminal_at(std::size_t columns, std::size_t mid_wave_columns = 0) {
  Script s;
  s.width.value = columns;
  std::vector<std::string> texts = draws(s.run(ProgressStyle::kTerminal, [&] {
    if (mid_wave_columns) s.width.value = mid_wave_columns;
  }));
  if (!mid_wave_columns) expect_within(texts, columns);
  return texts;
}

TEST(Progress, At40ColumnsEveryLineKeepsItsCountsAndTimeAndNamesWhatFits) {
  EXPECT_EQ(terminal_at(40), (std::vector<std::string>{
      "wave 1/3  applying 0/2  0 s",
      "wave 1/3  applying 1/2  0 s",
      "wave 1/3  applying 2/2  0 s",
      "wave 1/3  definitions  healthy 2/2  1 s",
      "wave 1/3  healthy 2/2  done in 1 s\n",
      "wave 2/3  level 0  applying 0/4  0 s",
      "wave 2/3  level 0  applying 1/4  0 s",
      "wave 2/3  level 0  applying 2/4  0 s",
      "wave 2/3  level 0  applying 3/4  0 s",
      "wave 2/3  level 0  applying 4/4  0 s",
      "wave 2/3  level 0  healthy 2/4  2 s",
      "wave 2/3  level 0  healthy 2/4  5 s",
      "wave 2/3  level 0  healthy 3/4  9 s",
      "wave 2/3  level 0  healthy 4/4  10 s",
      "wave 2/3  healthy 4/4  done in 10 s\n",
      "wave 3/3  exposure  applying 0/1  0 s",
      "wave 3/3  exposure  applying 1/1  0 s",
      "wave 3/3  exposure  healthy 1/1  0 s",
      "wave 3/3  healthy 1/1  done in 0 s\nv1 ConfigMap db/old pruned\n"}));
}

TEST(Progress, At80ColumnsTheWaitingWaveNamesTheMemberHoldingItUpAndForHowLong) {
  // The Deployment moved from Available to Ready at 5 s; the StatefulSet has sat at Ready: 0/1
  // since 2 s, so it is the one named, and its age counts from then.
  const std::string level = "wave 2/3  level 0: argo-server, cert-manager +17  ";
  EXPECT_EQ(terminal_at(80), (std::vector<std::string>{
      "wave 1/3  definitions  applying 0/2  0 s",
      "wave 1/3  definitions  applying 1/2  0 s",
      "wave 1/3  definitions  applying 2/2  0 s",
      "wave 1/3  definitions  healthy 2/2  1 s",
      "wave 1/3  definitions  healthy 2/2  done in 1 s\n",
      level + "applying 0/4  0 s",
      level + "applying 1/4  0 s",
      level + "applying 2/4  0 s",
      level + "applying 3/4  0 s",
      level + "applying 4/4  0 s",
      "wave 2/3  level 0  healthy 2/4  2 s  statefulset/elasticsearch Ready: 0/1, 0 s",
      "wave 2/3  level 0  healthy 2/4  5 s  statefulset/elasticsearch Ready: 0/1, 3 s",
      "wave 2/3  level 0  healthy 3/4  9 s  statefulset/elasticsearch Ready: 0/1, 7 s",
      level + "healthy 4/4  10 s",
      level + "healthy 4/4  done in 10 s\n",
      "wave 3/3  exposure  applying 0/1  0 s",
      "wave 3/3  exposure  applying 1/1  0 s",
      "wave 3/3  exposure  healthy 1/1  0 s",
      "wave 3/3  exposure  healthy 1/1  done in 0 s\nv1 ConfigMap db/old pruned\n"}));
}

const std::string kSixteen = "wave 2/3  level 0: argo-server, cert-manager, elasticsearch, embeddings, gitea, grafana, "
                             "jupyter, kafka, keycloak, kibana, label-studio, minio, mlflow, n8n, neo4j, postgres +3  ";
const std::string kEleven = "wave 2/3  level 0: argo-server, cert-manager, elasticsearch, embeddings, gitea, grafana, "
                            "jupyter, kafka, keycloak, kibana, label-studio +8  ";

TEST(Progress, At200ColumnsTheComponentListShortensOnlyWhereItMust) {
  EXPECT_EQ(terminal_at(200), (std::vector<std::string>{
      "wave 1/3  definitions  applying 0/2  0 s",
      "wave 1/3  definitions  applying 1/2  0 s",
      "wave 1/3  definitions  applying 2/2  0 s",
      "wave 1/3  definitions  healthy 2/2  1 s",
      "wave 1/3  definitions  healthy 2/2  done in 1 s\n",
      kSixteen + "applying 0/4  0 s",
      kSixteen + "applying 1/4  0 s",
      kSixteen + "applying 2/4  0 s",
      kSixteen + "applying 3/4  0 s",
      kSixteen + "applying 4/4  0 s",
      kEleven + "healthy 2/4  2 s  statefulset/elasticsearch Ready: 0/1, 0 s",
      kEleven + "healthy 2/4  5 s  statefulset/elasticsearch Ready: 0/1, 3 s",
      kEleven + "healthy 3/4  9 s  statefulset/elasticsearch Ready: 0/1, 7 s",
      kSixteen + "healthy 4/4  10 s",
      "wave 2/3  level 0: argo-server, cert-manager, elasticsearch, embeddings, gitea, grafana, jupyter, kafka, "
      "keycloak, kibana, label-studio, minio, mlflow, n8n, neo4j +4  healthy 4/4  done in 10 s\n",
      "wave 3/3  exposure  applying 0/1  0 s",
      "wave 3/3  exposure  applying 1/1  0 s",
      "wave 3/3  exposure  healthy 1/1  0 s",
      "wave 3/3  exposure  healthy 1/1  done in 0 s\nv1 ConfigMap db/old pruned\n"}));
}

TEST(Progress, AResizeMidWaveTakesEffectAtTheNextRedraw) {
  // From 200 to 40 columns after the wave's second poll: what was drawn before is what a
  // 200-column terminal gets, and from the next redraw on, what a 40-column one gets.
  std::vector<std::string> texts = terminal_at(200, 40), wide = terminal_at(200), narrow = terminal_at(40);
  ASSERT_EQ(texts.size(), 19u);
  EXPECT_EQ(std::vector<std::string>(texts.begin(), texts.begin() + 12), std::vector<std::string>(wide.begin(), wide.begin() + 12));
  EXPECT_EQ(texts[11], kEleven + "healthy 2/4  5 s  statefulset/elasticsearch Ready: 0/1, 3 s");
  EXPECT_EQ(std::vector<std::string>(texts.begin() + 12, texts.end()), std::vector<std::string>(narrow.begin() + 12, narrow.end()));
  EXPECT_EQ(texts[12], "wave 2/3  level 0  healthy 3/4  9 s");
}

// A printer on an 80-column terminal, for events written out one by one.
struct OnTerminal {
  testing::FakeClock clock;
  testing::FakeTerminalWidth width{80};
  std::ostringstream out;
  ProgressPrinter p{out, ProgressStyle::kTerminal, plan(), clock, &width};
};

TEST(Progress, ATerminalRedrawsWithCarriageReturnAndEraseLineAndSkipsIdenticalFrames) {
  OnTerminal t;
  auto& p = t.p;
  p({K::kWaveStarted, 0, "definitions", "", "", 0, 1});
  p({K::kWaveProgress, 0, "definitions", "", "", 0, 1, {}, {unready("v1", "Namespace", "db", "Terminating")}});
  p({K::kWaveProgress, 0, "definitions", "", "", 0, 1, {}, {unready("v1", "Namespace", "db", "Terminating")}});
  p.finish();  // apply stopped: the line is ended, so the error starts on a line of its own
  EXPECT_EQ(t.out.str(),
            "\r\033[2Kwave 1/3  definitions  applying 0/1  0 s"
            "\r\033[2Kwave 1/3  definitions  healthy 0/1  0 s  namespace/db Terminating, 0 s\n");
}

TEST(Progress, ABlockedWaveSettlesItsLineAndExplainsBelowIt) {
  OnTerminal t;
  auto& p = t.p;
  p({K::kWaveStarted, 0, "definitions", "", "", 0, 2});
  t.clock.sleep_for(seconds(300));
  p({K::kWaveProgress, 0, "definitions", "", "", 1, 2, {}, {unready("v1", "Namespace", "db", "Terminating")}});
  ApplyEvent blocked{K::kWaveBlocked, 0, "definitions"};
  blocked.why = {"v1 Namespace db: Terminating: Resource scheduled for deletion"};
  p(blocked);
  p.finish();
  EXPECT_EQ(draws(t.out.str()).back(),
            "wave 1/3  definitions  healthy 1/2  blocked after 5 m 00 s\n"
            "  v1 Namespace db: Terminating: Resource scheduled for deletion\n");
}

TEST(Progress, PlainOutputHasNoControlCharactersAndSaysWhatTheWaveWaitsForOnceEachTime) {
  Script s;
  EXPECT_EQ(s.run(ProgressStyle::kPlain),
            "  v1 Namespace db created\n"
            "wave 1/3  definitions  healthy 2/2  done in 1 s\n"
            "  apps/v1 StatefulSet db/elasticsearch created\n"
            "  apps/v1 Deployment db/grafana created\n"
            "  waiting for statefulset/elasticsearch: Ready: 0/1\n"
            "wave 2/3  " + plan()[1].name + "  healthy 4/4  done in 10 s\n"
            "  networking.k8s.io/v1 Ingress db/grafana created\n"
            "wave 3/3  exposure  healthy 1/1  done in 0 s\n"
            "v1 ConfigMap db/old pruned\n");
}

TEST(Progress, JsonIsOneObjectPerLineWithWhatTheWaveWaitsForAndHowLongItTook) {
  Script s;
  std::istringstream lines(s.run(ProgressStyle::kJson));
  std::vector<nlohmann::json> events;
  for (std::string line; std::getline(lines, line);) events.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(events.size(), 21u);
  EXPECT_EQ(events[1], nlohmann::json::parse(R"({"event":"object","wave":1,"waveName":"definitions","object":"v1 Namespace db","action":"created"})"));
  EXPECT_EQ(events[4], nlohmann::json::parse(R"({"event":"waveHealthy","wave":1,"waveName":"definitions","seconds":1})"));
  EXPECT_EQ(events[11]["waitingFor"],
            nlohmann::json::parse(R"({"object":"apps/v1 StatefulSet db/elasticsearch","message":"Ready: 0/1","seconds":3})"));
  EXPECT_EQ(events[14]["seconds"], 10);
  EXPECT_EQ(events[19]["event"], "pruned");
  EXPECT_EQ(events[20], nlohmann::json::parse(R"({"event":"done","summary":"5 created, 0 configured, 2 unchanged, 1 pruned","created":5,"configured":0,"unchanged":2,"pruned":1})"));
}

}  // namespace
}  // namespace bg::apply
