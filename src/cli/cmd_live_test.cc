// The live commands in-process, against the test server in-process (no socket): exit codes and exact
// summaries. (The real binary against the test server over TLS is in cmd_live_kube_test.cc.)
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"
#include "testing/in_process_server.h"

namespace bg::cli {
namespace {

struct Outcome {
  int code;
  std::string out, err;
};

class LiveCommands : public ::testing::Test {
 protected:
  Outcome run(std::vector<std::string> args, const std::string& stdin_text = "") {
    std::ostringstream out, err;
    std::istringstream in(stdin_text);
    DiskFileSystem fs;
    Io io{out, err, fs, false, false, &in, false, {}};
    io.connect = [this](const ClusterTarget& t) -> Result<std::unique_ptr<apply::Cluster>> {
      ++connects;
      last_target = t;
      return server.connect();  // each command connects anew; the server's state stays
    };
    int code = cli::run(args, io);
    return {code, out.str(), err.str()};
  }
  std::string spec() { return testing::source_path("examples/betelgeusebytes.yaml"); }
  std::size_t objects() {
    std::size_t n = 0;
    for (const auto& o : server.all()) n += o["metadata"].value("labels", nlohmann::json::object()).contains("applyset.kubernetes.io/part-of");
    return n;
  }

  testing::InProcessServer server;
  int connects = 0;
  ClusterTarget last_target;
};

TEST_F(LiveCommands, ApplyThenApplyAgainIsAllUnchanged) {
  Outcome first = run({"apply", spec(), "--kubeconfig", "/k", "--context", "prod"});
  ASSERT_EQ(first.code, 0) << first.err;
  std::size_t n = objects();
  EXPECT_EQ(first.out, std::to_string(n) + " created, 0 configured, 0 unchanged, 0 pruned\n");
  EXPECT_EQ(last_target.kubeconfig, "/k");
  EXPECT_EQ(last_target.context, "prod");
  EXPECT_NE(first.err.find("wave 1/"), std::string::npos) << first.err;
  EXPECT_EQ(first.err.find('\r'), std::string::npos) << "no redraws when stderr is not a terminal";
  Outcome second = run({"apply", spec()});
  EXPECT_EQ(second.out, "0 created, 0 configured, " + std::to_string(n) + " unchanged, 0 pruned\n");
}

TEST_F(LiveCommands, ApplyJsonStreamsEventsEndingInTheSummary) {
  Outcome r = run({"apply", spec(), "-o", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line, last;
  int count = 0;
  while (std::getline(lines, line)) {
    EXPECT_TRUE(nlohmann::json::accept(line)) << line;  // every line is JSON
    last = line;
    ++count;
  }
  EXPECT_GT(count, 10);
  EXPECT_EQ(nlohmann::json::parse(last)["event"], "done");
}

TEST_F(LiveCommands, ABadSpecExitsTwoWithoutConnecting) {
  testing::TempDir dir;
  std::ofstream(dir / "p.yaml") << "apiVersion: platform.betelgeusebytes.io/v1alpha1\nkind: Platform\nspec: {domian: x}\n";
  Outcome r = run({"apply", dir / "p.yaml"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(connects, 0);
  EXPECT_NE(r.err.find("p.yaml:3:"), std::string::npos) << r.err;
}

TEST_F(LiveCommands, DiffIsEmptyAfterApplyAndShowsAChange) {
  ASSERT_EQ(run({"apply", spec()}).code, 0);
  Outcome same = run({"diff", spec()});
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  EXPECT_EQ(same.out, "");
  EXPECT_EQ(same.err, "no changes\n");
  testing::TempDir dir;
  std::string text = testing::example_spec();
  text.replace(text.find("replicas: 1"), 11, "replicas: 2");
  std::ofstream(dir / "p.yaml") << text;
  Outcome changed = run({"diff", dir / "p.yaml"});
  EXPECT_EQ(changed.code, 1);
  EXPECT_NE(changed.out.find("+  replicas: 2"), std::string::npos) << changed.out;
}

TEST_F(LiveCommands, PlanWithAClusterShowsWhatApplyWouldChangePerWave) {
  Outcome offline = run({"plan", spec()});
  EXPECT_EQ(offline.code, 0) << offline.err;
  EXPECT_EQ(connects, 0) << "plan without --kubeconfig, --context or --live stays offline";
  EXPECT_EQ(offline.out.find("Changes against the cluster"), std::string::npos);

  Outcome before = run({"plan", spec(), "--kubeconfig", "/k"});
  ASSERT_EQ(before.code, 0) << before.err;
  EXPECT_EQ(last_target.kubeconfig, "/k");
  EXPECT_NE(before.out.find("Changes against the cluster, in apply's waves"), std::string::npos) << before.out;
  EXPECT_NE(before.out.find("  + v1 Namespace db  (wave 1)"), std::string::npos) << before.out;
  EXPECT_EQ(objects(), 0u) << "plan writes nothing";

  ASSERT_EQ(run({"apply", spec()}).code, 0);
  std::size_t n = objects();
  EXPECT_NE(before.out.find("Plan: " + std::to_string(n) + " to create, 0 to update, 0 unchanged, 0 to prune\n"),
            std::string::npos) << before.out;

  testing::TempDir dir;
  std::string text = testing::example_spec();
  text.replace(text.find("replicas: 1"), 11, "replicas: 2");
  std::ofstream(dir / "p.yaml") << text;
  Outcome changed = run({"plan", dir / "p.yaml", "--context", "prod", "-o", "json"});
  ASSERT_EQ(changed.code, 0) << changed.err;
  EXPECT_EQ(last_target.context, "prod");
  nlohmann::json totals = nlohmann::json::parse(changed.out)["changes"]["totals"];
  EXPECT_EQ(totals["create"], 0);
  EXPECT_EQ(totals["update"], 1);
  EXPECT_EQ(totals["unchanged"], n - 1);
  EXPECT_EQ(totals["prune"], 0);
}

TEST_F(LiveCommands, StatusHasARowPerComponentAndJson) {
  EXPECT_EQ(run({"status", spec()}).code, 1) << "nothing applied yet: not healthy";
  ASSERT_EQ(run({"apply", spec()}).code, 0);
  Outcome table = run({"status", spec()});
  EXPECT_EQ(table.code, 0) << table.out;
  EXPECT_EQ(table.out.rfind("COMPONENT", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("203.0.113.10:5432"), std::string::npos) << table.out;
  Outcome json = run({"status", spec(), "-o", "json"});
  EXPECT_EQ(nlohmann::json::parse(json.out).size(),
            pipeline::run_text(testing::example_spec(), "p.yaml").platform.components.size());
}

TEST_F(LiveCommands, DestroyAsksByNameAndKeepsData) {
  ASSERT_EQ(run({"apply", spec()}).code, 0);
  std::size_t n = objects();
  Outcome refused = run({"destroy", spec()}, "yes\n");
  EXPECT_EQ(refused.code, 1);
  EXPECT_EQ(objects(), n);
  Outcome done = run({"destroy", spec()}, "betelgeusebytes\n");
  EXPECT_EQ(done.code, 0) << done.err;
  std::size_t deleted = 0, kept = 0;
  ASSERT_EQ(std::sscanf(done.out.c_str(), "%zu deleted, %zu kept\n", &deleted, &kept), 2) << done.out;
  EXPECT_EQ(deleted + kept, n);
  EXPECT_EQ(objects(), kept);  // what is left is exactly what was kept, each said so below
  EXPECT_NE(done.err.find("v1 PersistentVolume db-postgres-data kept"), std::string::npos) << done.err;
}

TEST_F(LiveCommands, SecretsRotateNamesASecretOfThePlatform) {
  ASSERT_EQ(run({"apply", spec()}).code, 0);
  nlohmann::json before = server.find("Secret", "db", "postgres-admin");
  Outcome unknown = run({"secrets", "rotate", "nope", "--spec", spec()});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_NE(unknown.err.find("no generated secret \"nope\""), std::string::npos);
  Outcome r = run({"secrets", "rotate", "db/postgres-admin", "--spec", spec()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "0 created, 1 configured, " + std::to_string(objects() - 1) + " unchanged, 0 pruned\n");
  EXPECT_NE(server.find("Secret", "db", "postgres-admin")["data"]["password"], before["data"]["password"]);
}

}  // namespace
}  // namespace bg::cli
