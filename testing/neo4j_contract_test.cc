// Neo4j's contract (issue 13): the rendered neo4j StatefulSet's container, given exactly what the
// kubelet gives it — the rendered env with the generated password from apply's Secret, and the
// service-link variables of the Services of its namespace unless the pod turns them off — starts
// the real Neo4j Community server (its modules at the pinned version, from Maven Central) as the
// image would: a stand-in for the image's entrypoint (testing/contract/neo4j-entrypoint.sh)
// writes neo4j.conf from the env by the rule Neo4j's Docker documentation states, and the
// server's bootloader validates it strictly (its default) before it starts. The server must then
// answer the container's readiness probe, and a Bolt client must log in as neo4j with the
// generated password, and be refused with another.
#include <gtest/gtest.h>

#include "common/base64.h"
#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using manifest::Json;

const Json& neo4j_statefulset() { return example_object("apps", "StatefulSet", "graph", "neo4j"); }

// The distribution's folder (bin/, lib/) the setup script lays out, from its bin/neo4j.
Result<std::string> neo4j_dist() {
  auto program = contract_program("neo4j", "NEO4J_VERSION", "neo4j");
  if (!program) return program.status();
  return program->substr(0, program->rfind("/bin/"));
}

// docker.io/library/neo4j:2026.04.0 (Community): ENTRYPOINT tini -g -- /startup/docker-entrypoint.sh
// (stood in for), CMD neo4j, NEO4J_HOME /var/lib/neo4j (the image's own, writable by its user:
// conf/ is written there at every start), the neo4j account as uid and gid 7474, /logs writable.
// The distribution the stand-in links into NEO4J_HOME is the one fetched from Maven Central.
ContainerImage neo4j_image(const std::string& dist) {
  ContainerImage image;
  image.entrypoint = {source_path("testing/contract/neo4j-entrypoint.sh"), dist};
  image.cmd = {"neo4j"};
  image.env = {{"NEO4J_HOME", "/var/lib/neo4j"},
               {"PATH", "/var/lib/neo4j/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
               {"LANG", "C.UTF-8"}};
  image.workdir = "/var/lib/neo4j";
  image.writable_dirs = {"/var/lib/neo4j", "/logs"};
  image.passwd = {"neo4j:x:7474:7474::/var/lib/neo4j:/bin/bash"};
  image.group = {"neo4j:x:7474:"};
  return image;
}

std::string secret_value(const ClusterFacts& facts, const std::string& ns, const std::string& name, const std::string& key) {
  const Json* s = facts.find("Secret", ns, name);
  if (!s || !(*s)["data"].contains(key)) return {};
  return base64_decode((*s)["data"][key].get<std::string>()).value_or("");
}

TEST(Neo4jContract, TheProgramIsTheVersionTheRenderPins) {
  const std::string pinned = contract_version("NEO4J_VERSION");
  EXPECT_EQ((*pod_template(neo4j_statefulset()))["spec"]["containers"][0]["image"], "docker.io/library/neo4j:" + pinned)
      << "catalog/neo4j.yaml and testing/contract/versions.env must name the same release";
  auto dist = neo4j_dist();
  ASSERT_TRUE(dist) << dist.status().message();
  auto run = run_process({*dist + "/bin/neo4j", "version"});
  ASSERT_TRUE(run) << run.status().message();
  EXPECT_EQ(run->exit_code, 0) << run->out << run->err;
  EXPECT_NE(run->out.find("neo4j " + pinned), std::string::npos) << run->out << run->err;
}

TEST(Neo4jContract, StartsFromTheConfigurationTheImageWritesFromTheRenderedEnvAndLogsInWithTheGeneratedPassword) {
  auto dist = neo4j_dist();
  ASSERT_TRUE(dist) << dist.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  TempDir data;
  ContractPod server(**net, *facts, neo4j_statefulset(), {"neo4j-0", "10.244.3.10"}, "neo4j", neo4j_image(*dist));
  Status started = server.start({{"data", data.path()}});
  ASSERT_TRUE(started) << started.message();
  Status ready = server.wait_ready(std::chrono::seconds(180));
  ASSERT_TRUE(ready) << ready.message();

  // A client of the Service, as a driver in the cluster connects, with the admin Secret's values.
  const std::string password = secret_value(*facts, "graph", "neo4j-admin", "password");
  ASSERT_GE(password.size(), 8u) << "Neo4j refuses an initial password shorter than 8 characters";
  EXPECT_EQ(secret_value(*facts, "graph", "neo4j-admin", "username"), "neo4j");
  const std::string bolt = "bolt://" + facts->service_ips.at("graph/neo4j") + ":7687";
  auto login = [&](const std::string& pw) {
    std::vector<std::string> argv = (*net)->enter();
    for (const std::string& a : {*dist + "/bin/java", std::string("-cp"), *dist + "/lib/*",
                                 source_path("testing/contract/Neo4jLogin.java"), bolt, std::string("neo4j"), pw})
      argv.push_back(a);
    auto run = run_process(argv);
    return run ? *run : ProcessResult{-1, "", run.status().message()};
  };
  ProcessResult in = login(password);
  EXPECT_EQ(in.exit_code, 0) << in.out << in.err;
  EXPECT_EQ(in.out, "ok 42\n") << in.err;
  ProcessResult refused = login(password + "x");
  EXPECT_EQ(refused.exit_code, 3) << refused.out << refused.err;
  EXPECT_TRUE(server.running()) << server.how_it_ended() << "\n" << server.log();
}

}  // namespace
}  // namespace bg::testing
