// PostgreSQL's contract (issue 13): the rendered postgres StatefulSet's container starts as the
// image would start it with the rendered env (a stand-in for the image's entrypoint,
// testing/contract/postgres-entrypoint.sh, runs Debian 12's PostgreSQL 15 server: no registry
// these machines reach serves the image's 18.3) and answers its own readiness probe; each rendered
// init Job (`postgres-init-<dependent>`) runs its SQL against it with the Secrets apply generates,
// twice, without error; and each dependent's credentials, as its own namespace holds them, log in
// to its own database, where it may create tables, and are refused on every other dependent's.
#include <gtest/gtest.h>

#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_pod.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using manifest::Json;

const char* const kServerBin = "/usr/lib/postgresql/15/bin";

std::string decoded(const ClusterFacts& facts, const std::string& ns, const std::string& name, const std::string& key) {
  auto value = secret_value(facts, ns, name, key);
  if (!value) ADD_FAILURE() << value.status().message();
  return value ? *value : "";
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
  auto server = start_provisioned_postgres(**net, *facts, data.path());
  ASSERT_TRUE(server) << server.status().message();

  // Every init Job has run twice (start_provisioned_postgres): each dependent reads its copy of
  // the credentials in its own namespace, which must hold the values of the provider's copy.
  std::vector<Credentials> dependents;
  for (const Json& o : facts->objects) {
    const std::string name = o["metadata"].value("name", "");
    if (o["kind"] != "Job" || o["metadata"].value("namespace", "") != "db" || name.rfind("postgres-init-", 0) != 0) continue;
    const std::string dependent = name.substr(std::string("postgres-init-").size());
    const std::string secret = dependent + "-postgres";
    const std::string dep_ns = dependent_secret_namespace(*facts, secret, "db");
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
  EXPECT_TRUE((*server)->running()) << (*server)->how_it_ended() << "\n" << (*server)->log();
}

}  // namespace
}  // namespace bg::testing
