// PostgreSQL's contract (issue 13): the rendered postgres StatefulSet's container starts as the
// image would start it with the rendered env (a stand-in for the image's entrypoint,
// testing/contract/postgres-entrypoint.sh, runs Debian 12's PostgreSQL 15 server: no registry
// these machines reach serves the image's 18.3) and answers its own readiness probe; each rendered
// init Job (`postgres-init-<dependent>`) runs its SQL against it with the Secrets apply generates,
// twice, without error; and each dependent's credentials, as its own namespace holds them, log in
// to its own database, where it may create tables, and are refused on every other dependent's.
// Issue 14: TLS on the TCP entry and the rendered pg_hba (the second test).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <memory>

#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_pod.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"
#include "testing/issued_certificates.h"

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

// PostgreSQL as rendered, provisioned by every init Job (start_provisioned_postgres).
class PostgresContract : public ::testing::Test {
 protected:
  void SetUp() override {
    auto facts = render_facts(example_render());
    ASSERT_TRUE(facts) << facts.status().message();
    facts_ = std::move(*facts);
    auto net = PodNetwork::create();
    ASSERT_TRUE(net) << net.status().message();
    net_ = std::move(*net);
    auto server = start_provisioned_postgres(*net_, facts_, data_.path());
    ASSERT_TRUE(server) << server.status().message();
    server_ = std::move(*server);
  }

  ClusterFacts facts_;
  std::unique_ptr<PodNetwork> net_;
  TempDir data_;
  std::unique_ptr<ContractPod> server_;  // declared last: stopped before the network and facts go
};

TEST_F(PostgresContract, TheInitJobsProvisionEachDependentWhoseCredentialsOpenOnlyItsOwnDatabase) {
  const ClusterFacts* facts = &facts_;
  PodNetwork* net = net_.get();
  ContractPod* server = server_.get();

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
    std::vector<std::string> argv = net->enter();
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
  EXPECT_TRUE(server->running()) << server->how_it_ended() << "\n" << server->log();
}

// Issue 14: the superuser answered on the public TCP port from anywhere, without TLS. The server
// starts with the rendered TLS settings and the Certificate's Secret as the kubelet mounts it (the
// test CA's certificate for tcp.<domain> in cert-manager's place: issued_certificates.h; root:999
// 0640 in a pod, which PostgreSQL accepts for a key owned by root) and with the rendered pg_hba.
// A client on the internet, at an address of no pod, verifies the server's name over TLS
// (sslmode=verify-full against the CA) and gets in with an application role, never without TLS;
// from the pod network (the Service's address, whose clients are pods:
// PodNetwork::add_service_address) the roles log in as before, with or without TLS. The
// superuser, from anywhere over TCP, only with the client certificate of Postgres' own CA (the one
// the init Jobs mount, which provisioned every role in SetUp): its password alone is refused from
// the pod network too, where the public entry's proxy connects from, and so is a certificate for
// the same name from another CA.
TEST_F(PostgresContract, TheTcpEntryVerifiesOverTlsAndRefusesTheSuperuserAndPlainConnectionsFromOutsideThePodNetwork) {
  const ClusterFacts* facts = &facts_;
  PodNetwork* net = net_.get();
  ContractPod* server = server_.get();
  auto ca = test_ca();
  ASSERT_TRUE(ca) << ca.status().message();

  const std::string internet = "198.51.100.20";  // a client's address outside the cluster
  ASSERT_TRUE(net->add_address(internet));
  const std::string service = facts->service_ips.at("db/postgres");
  const std::string tcp_host = "tcp.betelgeusebytes.io";
  const std::string admin = decoded(*facts, "db", "postgres-admin", "password");
  const std::string app = decoded(*facts, "db", "gitea-postgres", "password");
  ASSERT_EQ(decoded(*facts, "db", "postgres-admin", "username"), "postgres");
  ASSERT_EQ(decoded(*facts, "db", "gitea-postgres", "username"), "gitea");

  auto psql = [&](const std::string& password, const std::string& conninfo) {
    std::vector<std::string> argv = net->enter();
    for (const std::string& a : {std::string("env"), "PGPASSWORD=" + password, std::string(kServerBin) + "/psql", std::string("-X"),
                                 "port=5432 connect_timeout=5 sslrootcert=" + ca->cert_file + " " + conninfo,
                                 std::string("-Atc"), std::string("SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")})
      argv.push_back(a);
    auto run = run_process(argv);
    return run ? *run : ProcessResult{-1, "", run.status().message()};
  };
  const std::string from_internet = "host=" + tcp_host + " hostaddr=" + internet;

  auto verified = psql(app, from_internet + " sslmode=verify-full user=gitea dbname=gitea");
  EXPECT_EQ(verified.exit_code, 0) << verified.err << "\n" << server->log();
  EXPECT_EQ(verified.out, "gitea|t\n");

  auto superuser = psql(admin, from_internet + " sslmode=verify-full user=postgres dbname=postgres");
  EXPECT_NE(superuser.exit_code, 0) << superuser.out;
  EXPECT_NE(superuser.err.find("connection requires a valid client certificate"), std::string::npos) << superuser.err;
  auto superuser_plain = psql(admin, from_internet + " sslmode=disable user=postgres dbname=postgres");
  EXPECT_NE(superuser_plain.err.find("pg_hba.conf rejects connection for host \"" + internet + "\", user \"postgres\""),
            std::string::npos)
      << superuser_plain.err;

  auto plain = psql(app, from_internet + " sslmode=disable user=gitea dbname=gitea");
  EXPECT_NE(plain.exit_code, 0) << plain.out;
  EXPECT_NE(plain.err.find("no pg_hba.conf entry for host \"" + internet + "\", user \"gitea\", database \"gitea\", no encryption"),
            std::string::npos)
      << plain.err;

  // The certificate names the public entry only (Let's Encrypt issues for public names alone).
  auto internal_name = psql(app, "host=postgres.db.svc hostaddr=" + service + " sslmode=verify-full user=gitea dbname=gitea");
  EXPECT_NE(internal_name.err.find("server certificate for \"" + tcp_host + "\" does not match host name \"postgres.db.svc\""),
            std::string::npos)
      << internal_name.err;

  // From the pod network: the dependents over TLS or not; the superuser's password no longer.
  auto pod_tls = psql(app, "host=" + service + " sslmode=require user=gitea dbname=gitea");
  EXPECT_EQ(pod_tls.out, "gitea|t\n") << pod_tls.err;
  auto pod_plain = psql(admin, "host=" + service + " sslmode=disable user=postgres dbname=postgres");
  EXPECT_NE(pod_plain.err.find("pg_hba.conf rejects connection for host"), std::string::npos) << pod_plain.out << pod_plain.err;
  auto pod_password = psql(admin, "host=" + service + " sslmode=require user=postgres dbname=postgres");
  EXPECT_NE(pod_password.err.find("connection requires a valid client certificate"), std::string::npos) << pod_password.err;

  // The superuser with the init Jobs' certificate, from the pod network and from the internet.
  TempDir keys;
  auto write_key_file = [&](const std::string& name, const std::string& secret, const std::string& key) {
    const std::string path = keys / name;
    std::ofstream(path) << decoded(*facts, "db", secret, key);
    chmod(path.c_str(), 0600);  // libpq refuses a key that others can read
    return path;
  };
  const std::string client = "sslcert=" + write_key_file("admin.crt", "postgres-admin-client", "tls.crt") +
                             " sslkey=" + write_key_file("admin.key", "postgres-admin-client", "tls.key");
  auto pod_cert = psql("", "host=" + service + " sslmode=require user=postgres dbname=postgres " + client);
  EXPECT_EQ(pod_cert.out, "postgres|t\n") << pod_cert.err;
  auto internet_cert = psql("", from_internet + " sslmode=verify-full user=postgres dbname=postgres " + client);
  EXPECT_EQ(internet_cert.out, "postgres|t\n") << internet_cert.err;

  // The same name from another CA (the test CA, which signs the server's own certificate here as
  // Let's Encrypt does in a cluster): the server trusts its client CA alone.
  const std::string other = keys / "other";
  auto made = run_process({"openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", other + ".key",
                           "-out", other + ".csr", "-subj", "/CN=postgres"});
  ASSERT_TRUE(made && made->exit_code == 0) << (made ? made->err : made.status().message());
  std::ofstream(other + ".ext") << "extendedKeyUsage=clientAuth\n";
  made = run_process({"openssl", "x509", "-req", "-in", other + ".csr", "-CA", ca->cert_file, "-CAkey", ca->key_file,
                      "-CAcreateserial", "-out", other + ".crt", "-days", "1", "-extfile", other + ".ext"});
  ASSERT_TRUE(made && made->exit_code == 0) << (made ? made->err : made.status().message());
  auto foreign = psql(admin, from_internet + " sslmode=verify-full user=postgres dbname=postgres sslcert=" + other + ".crt sslkey=" +
                                 other + ".key");
  EXPECT_NE(foreign.exit_code, 0) << foreign.out;
  EXPECT_NE(foreign.err.find("tlsv1 alert unknown ca"), std::string::npos) << foreign.err;  // the server refuses it in the handshake
  EXPECT_TRUE(server->running()) << server->how_it_ended() << "\n" << server->log();
}

}  // namespace
}  // namespace bg::testing
