// PostgreSQL's contract (issue 13): the rendered postgres StatefulSet's container starts as the
// image would start it with the rendered env (a stand-in for the image's entrypoint,
// testing/contract/postgres-entrypoint.sh, runs Debian 12's PostgreSQL 15 server: no registry
// these machines reach serves the image's 18.3) and answers its own readiness probe; each rendered
// init Job (`postgres-init-<dependent>`) runs its SQL against it with the Secrets apply generates,
// twice, without error; and each dependent's credentials, as its own namespace holds them, log in
// to its own database, where it may create tables, and are refused on every other dependent's.
#include <gtest/gtest.h>

#include "common/base64.h"
#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_pod.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using manifest::Json;

const char* const kServerBin = "/usr/lib/postgresql/15/bin";

// docker.io/library/postgres:18.3: ENTRYPOINT docker-entrypoint.sh (stood in for), CMD postgres,
// PATH with the server's bin folder first, USER root (the render sets 999), the postgres account
// as uid and gid 999, a writable /var/run/postgresql for the server's socket. Debian's server stands for the image's.
ContainerImage postgres_image() {
  ContainerImage image;
  image.entrypoint = {source_path("testing/contract/postgres-entrypoint.sh")};
  image.cmd = {"postgres"};
  image.env = {{"PATH", std::string(kServerBin) + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
               {"LANG", "C.UTF-8"}};
  image.writable_dirs = {"/var/run/postgresql"};
  image.passwd = {"postgres:x:999:999::/var/lib/postgresql:/bin/bash"};
  image.group = {"postgres:x:999:"};
  return image;
}

std::string decoded(const ClusterFacts& facts, const std::string& ns, const std::string& name, const std::string& key) {
  const Json* s = facts.find("Secret", ns, name);
  if (!s || !(*s)["data"].contains(key)) {
    ADD_FAILURE() << "no key " << key << " in Secret " << ns << "/" << name;
    return {};
  }
  return base64_decode((*s)["data"][key].get<std::string>()).value_or("");
}

struct Credentials {
  std::string dependent, username, password, database;
};

TEST(PostgresContract, TheInitJobsProvisionEachDependentWhoseCredentialsOpenOnlyItsOwnDatabase) {
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  TempDir data;
  ContractPod server(**net, *facts, example_object("apps", "StatefulSet", "db", "postgres"), {"postgres-0", "10.244.1.20"},
                     "postgres", postgres_image());
  Status started = server.start({{"data", data.path()}});
  ASSERT_TRUE(started) << started.message();
  Status ready = server.wait_ready(std::chrono::seconds(90));
  ASSERT_TRUE(ready) << ready.message();

  // Every init Job of the render, each run twice: a second run (a re-apply after the Job was
  // deleted, or a retry) must find everything in place and change nothing but the password.
  std::vector<Credentials> dependents;
  int ip = 21;
  for (const Json& o : facts->objects) {
    const std::string name = o["metadata"].value("name", "");
    if (o["kind"] != "Job" || o["metadata"].value("namespace", "") != "db" || name.rfind("postgres-init-", 0) != 0) continue;
    for (int run = 1; run <= 2; ++run) {
      ContractPod job(**net, *facts, o, {name + "-" + std::to_string(run), "10.244.1." + std::to_string(ip++)}, "provision",
                      postgres_image());
      Status s = job.start();
      ASSERT_TRUE(s) << name << ": " << s.message();
      auto code = job.wait_exit(std::chrono::seconds(60));
      ASSERT_TRUE(code) << name << ": " << code.status().message();
      EXPECT_EQ(*code, 0) << name << " run " << run << ":\n" << job.log();
    }
    const std::string dependent = name.substr(std::string("postgres-init-").size());
    // The dependent reads its copy in its own namespace: the one apply created beside the
    // provider's must hold the same values.
    const std::string secret = dependent + "-postgres";
    std::string dep_ns;
    for (const Json& s : facts->objects)
      if (s["kind"] == "Secret" && s["metadata"]["name"] == secret && s["metadata"]["namespace"] != "db") dep_ns = s["metadata"]["namespace"];
    ASSERT_FALSE(dep_ns.empty()) << "no Secret " << secret << " in " << dependent << "'s namespace";
    Credentials c{dependent, decoded(*facts, dep_ns, secret, "username"), decoded(*facts, dep_ns, secret, "password"),
                  decoded(*facts, dep_ns, secret, "database")};
    EXPECT_EQ(c.password, decoded(*facts, "db", secret, "password"));
    dependents.push_back(c);
  }
  ASSERT_GE(dependents.size(), 2u) << "the example has dependents of postgres (gitea, mlflow, n8n)";

  // A client of the Service, as each dependent connects: at the postgres Service's address.
  const std::string host = facts->service_ips.at("db/postgres");
  auto psql = [&](const Credentials& as, const std::string& database, const std::string& sql) {
    std::vector<std::string> argv = (*net)->enter();
    for (const std::string& a : {std::string("env"), "PGPASSWORD=" + as.password, std::string(kServerBin) + "/psql", std::string("-X"),
                                 "host=" + host + " port=5432 sslmode=disable connect_timeout=5 user=" + as.username + " dbname=" + database,
                                 std::string("-v"), std::string("ON_ERROR_STOP=1"), std::string("-Atc"), sql})
      argv.push_back(a);
    auto run = run_process(argv);
    return run ? *run : ProcessResult{-1, "", run.status().message()};
  };
  for (const Credentials& c : dependents) {
    auto own = psql(c, c.database, "SELECT current_user || '@' || current_database(); CREATE TABLE contract_probe (x int); DROP TABLE contract_probe;");
    EXPECT_EQ(own.exit_code, 0) << c.dependent << ": " << own.err;
    EXPECT_EQ(own.out, c.username + "@" + c.database + "\nCREATE TABLE\nDROP TABLE\n") << c.dependent;
    for (const Credentials& other : dependents) {
      if (other.database == c.database) continue;
      auto theirs = psql(c, other.database, "SELECT 1");
      EXPECT_NE(theirs.exit_code, 0) << c.dependent << " opened " << other.dependent << "'s database";
      EXPECT_NE(theirs.err.find("permission denied for database \"" + other.database + "\""), std::string::npos)
          << c.dependent << " on " << other.database << ": " << theirs.err;
    }
    Credentials wrong = c;
    wrong.password += "x";
    auto refused = psql(wrong, c.database, "SELECT 1");
    EXPECT_NE(refused.err.find("password authentication failed for user \"" + c.username + "\""), std::string::npos)
        << refused.err;
  }
  EXPECT_TRUE(server.running()) << server.how_it_ended() << "\n" << server.log();
}

}  // namespace
}  // namespace bg::testing
