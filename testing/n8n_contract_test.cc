// n8n's contract (issue 13): the rendered n8n Deployment's container, given exactly what the
// kubelet gives it — the rendered env with the generated database credentials and encryption key
// from apply's Secrets, the service-link variables of its namespace's Services unless the pod turns
// them off, the home emptyDir at /home/node/.n8n, uid and gid 1000 — starts the real n8n at the
// version the render pins (npm's n8n package, installed by scripts/setup-contract-programs.sh) as
// the image starts it (testing/contract/n8n-entrypoint.sh stands for its entrypoint), against the
// real PostgreSQL (Debian's server, with the database and role the postgres-init-n8n Job creates),
// and answers its readiness probe. It must really keep its data there: its tables exist in its
// database, owned by its own role and migrated, and no SQLite file appears in its home. Then a
// browser behind ingress-nginx (testing/contract/n8n_client.py) makes the owner account and stores
// a credential: the editor is given the public URLs, the credential lands in PostgreSQL encrypted
// with the rendered key, and the login limit holds per client, not for everyone behind the
// ingress at once. It serves the metrics the render's scrape annotations name and fits in its
// memory limit.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_programs.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"

namespace bg::testing {

using manifest::Json;

namespace {

const Json& n8n_deployment() { return example_object("apps", "Deployment", "automation", "n8n"); }
const Json& rendered_container() { return n8n_deployment()["spec"]["template"]["spec"]["containers"][0]; }

// The cache's install prefix (bin/n8n, lib/node_modules/n8n), standing for the image's /usr/local.
Result<std::string> n8n_prefix() {
  auto program = contract_program("n8n", "N8N_VERSION", "n8n");
  if (!program) return program.status();
  return program->substr(0, program->rfind("/bin/"));
}

// docker.n8n.io/n8nio/n8n (n8n's docker/images/n8n/Dockerfile on its n8nio/base image, Node 22 on
// Alpine): ENTRYPOINT ["tini", "--", "/docker-entrypoint.sh"] (stood in for), no CMD, WORKDIR
// /home/node, USER node (uid and gid 1000), ENV NODE_ENV=production, N8N_RELEASE_TYPE (stable for
// a release), SHELL=/bin/sh and NODE_ICU_DATA (its full-icu package; the machine's Node has full
// ICU built in, so it is not set). n8n is /usr/local/lib/node_modules/n8n with /usr/local/bin/n8n
// on PATH: here the cache's prefix, its bin/ first on PATH. The image sets no HOME: the runtime
// takes it from the image's account of the container's user, /home/node (whose .n8n folder the
// render mounts); the image keeps /home/node writable by node.
ContainerImage n8n_image(const std::string& prefix) {
  ContainerImage image;
  image.entrypoint = {source_path("testing/contract/n8n-entrypoint.sh")};
  image.workdir = "/home/node";
  image.user = 1000;
  image.env = {{"PATH", prefix + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
               {"NODE_ENV", "production"},
               {"N8N_RELEASE_TYPE", "stable"},
               {"SHELL", "/bin/sh"},
               {"HOME", "/home/node"}};
  image.writable_dirs = {"/home/node"};
  image.passwd = {"node:x:1000:1000::/home/node:/bin/sh"};
  image.group = {"node:x:1000:node"};
  return image;
}

std::string value_of(const Result<std::string>& r) {
  if (!r) ADD_FAILURE() << r.status().message();
  return r ? *r : "";
}

}  // namespace

TEST(N8nContract, TheProgramIsTheVersionTheRenderPins) {
  const std::string pinned = contract_version("N8N_VERSION");
  EXPECT_EQ(rendered_container()["image"], "docker.n8n.io/n8nio/n8n:" + pinned)
      << "catalog/n8n.yaml and testing/contract/versions.env must name the same release";
  auto prefix = n8n_prefix();
  ASSERT_TRUE(prefix) << prefix.status().message();
  auto run = run_process({*prefix + "/bin/n8n", "--version"});
  ASSERT_TRUE(run) << run.status().message();
  EXPECT_EQ(run->exit_code, 0) << run->out << run->err;
  EXPECT_EQ(run->out, pinned + "\n") << run->err;
}

TEST(N8nContract, StartsOnPostgresWithTheRenderedEnvAndAnswersItsReadinessProbe) {
  auto prefix = n8n_prefix();
  ASSERT_TRUE(prefix) << prefix.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  TempDir pg_data;
  auto postgres = start_provisioned_postgres(**net, *facts, pg_data.path());
  ASSERT_TRUE(postgres) << postgres.status().message();

  ContractPod server(**net, *facts, n8n_deployment(), {"n8n-5d8f7b9c4-k7q2m", "10.244.4.30"}, "n8n", n8n_image(*prefix));
  Status started = server.start();
  ASSERT_TRUE(started) << started.message();
  // The render gives neither command nor args: the image's entrypoint starts `n8n` alone.
  EXPECT_FALSE(rendered_container().contains("command"));
  EXPECT_FALSE(rendered_container().contains("args"));
  EXPECT_EQ(server.argv(), std::vector<std::string>{source_path("testing/contract/n8n-entrypoint.sh")});
  Status ready = server.wait_ready(std::chrono::seconds(180));
  ASSERT_TRUE(ready) << ready.message();

  // Kubernetes gives the pod the link variables of the Service n8n (N8N_SERVICE_HOST,
  // N8N_PORT_5678_TCP_ADDR, …) unless the pod turns them off: the rendered N8N_PORT wins over the
  // link's N8N_PORT=tcp://…, and n8n reads none of the others (it started with them).
  auto env_of = [&](const std::string& name) {
    for (const auto& [k, v] : server.view().env)
      if (k == name) return v;
    return std::string("(unset)");
  };
  EXPECT_EQ(env_of("N8N_PORT"), "5678");
  if (n8n_deployment()["spec"]["template"]["spec"].value("enableServiceLinks", true)) {
    EXPECT_EQ(env_of("N8N_SERVICE_HOST"), facts->service_ips.at("automation/n8n"));
  }

  // Its data is in PostgreSQL: n8n's tables are in its database, owned by its own role (as that
  // role sees them), and its migrations ran there; no SQLite database in its home.
  auto tables = psql_as_dependent(**net, *facts, "automation", "n8n-postgres",
                                  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user "
                                  "AND tablename IN ('workflow_entity', 'credentials_entity', 'execution_entity', 'user', "
                                  "'settings', 'migrations')");
  ASSERT_TRUE(tables) << tables.status().message();
  EXPECT_EQ(tables->out, "6\n") << tables->err << "\nn8n's log:\n" << server.log();
  auto migrations = psql_as_dependent(**net, *facts, "automation", "n8n-postgres", "SELECT count(*) > 0 FROM migrations");
  ASSERT_TRUE(migrations) << migrations.status().message();
  EXPECT_EQ(migrations->out, "t\n") << migrations->err;
  auto home = server.exec({"ls", "-A", "/home/node/.n8n"}, std::chrono::seconds(10));
  ASSERT_TRUE(home) << home.status().message();
  EXPECT_EQ(home->out.find("database.sqlite"), std::string::npos) << home->out;

  // The key it keeps in its home is the rendered one (apply's generated n8n-keys/encryptionKey),
  // which encrypts the credentials it stores.
  auto config = server.exec({"cat", "/home/node/.n8n/config"}, std::chrono::seconds(10));
  ASSERT_TRUE(config) << config.status().message();
  Json settings = Json::parse(config->out, nullptr, false);
  ASSERT_TRUE(settings.is_object()) << config->out << config->err;
  const std::string key = value_of(secret_value(*facts, "automation", "n8n-keys", "encryptionKey"));
  ASSERT_FALSE(key.empty());
  EXPECT_EQ(settings.value("encryptionKey", ""), key);

  // A browser behind ingress-nginx (testing/contract/n8n_client.py): the owner account is made,
  // as on the first visit, and the editor is told the public URLs — the Ingress's host over TLS
  // (N8N_PROTOCOL, N8N_HOST, WEBHOOK_URL), though n8n itself serves plain HTTP behind the ingress.
  const Json* ingress = facts->find("Ingress", "automation", "n8n");
  ASSERT_NE(ingress, nullptr);
  const std::string public_host = (*ingress)["spec"]["rules"][0].value("host", "");
  const std::string base = "http://" + server.placement().pod_ip + ":5678";
  std::vector<std::string> argv = (*net)->enter();
  for (const std::string& a : {std::string("python3"), source_path("testing/contract/n8n_client.py"), base, public_host})
    argv.push_back(a);
  auto client = run_process(argv);
  ASSERT_TRUE(client) << client.status().message();
  ASSERT_EQ(client->exit_code, 0) << client->out << client->err << "\nn8n's log:\n" << server.log();
  std::map<std::string, std::string> said;
  std::istringstream lines(client->out);
  for (std::string line; std::getline(lines, line);)
    if (auto sp = line.find(' '); sp != std::string::npos) said[line.substr(0, sp)] = line.substr(sp + 1);
  EXPECT_EQ(said["urlBaseEditor"], "https://" + public_host) << client->out;
  EXPECT_EQ(said["urlBaseWebhook"], "https://" + public_host + "/") << client->out;

  // The credential it stored is in its database, encrypted with the rendered key (CryptoJS' AES,
  // OpenSSL's salted format): that key, and only that key, opens it.
  ASSERT_FALSE(said["credential"].empty()) << client->out;
  auto stored = psql_as_dependent(**net, *facts, "automation", "n8n-postgres",
                                  "SELECT data FROM credentials_entity WHERE id = '" + said["credential"] + "'");
  ASSERT_TRUE(stored) << stored.status().message();
  ASSERT_EQ(stored->out.rfind("U2FsdGVkX1", 0), 0u) << stored->out << stored->err;
  auto decrypt = [&](const std::string& with) {
    auto run = run_process({"env", "N8N_KEY=" + with, "openssl", "enc", "-d", "-aes-256-cbc", "-md", "md5", "-a", "-A", "-pass", "env:N8N_KEY"},
                           stored->out.substr(0, stored->out.find('\n')));
    return run && run->exit_code == 0 ? run->out : std::string("(not opened)");
  };
  EXPECT_EQ(decrypt(key), R"({"name":"X-Contract","value":"kept-encrypted"})");
  EXPECT_EQ(decrypt(key + "x"), "(not opened)");

  // Behind ingress-nginx, which connects from its own pod and names the client in X-Forwarded-For,
  // n8n's login limit (express-rate-limit, by req.ip: 5 a minute) holds for each client: six
  // clients who each mistype once are all answered, not locked out by one another; one client who
  // tries six times is refused the sixth time, so the limit is on.
  EXPECT_EQ(said["clients"], "401 401 401 401 401 401") << "n8n does not see the client behind the ingress\n" << server.log();
  EXPECT_EQ(said["one_client"], "401 401 401 401 401 429");

  // The metrics the pod's scrape annotations name, at their port and path.
  const Json& annotations = n8n_deployment()["spec"]["template"]["metadata"]["annotations"];
  auto metrics = (*net)->http_get("http://" + server.placement().pod_ip + ":" + annotations.value("prometheus.io/port", "") +
                                      annotations.value("prometheus.io/path", ""),
                                  std::chrono::seconds(10));
  ASSERT_TRUE(metrics) << metrics.status().message();
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("n8n_version_info{"), std::string::npos) << metrics->body.substr(0, 600);

  // Everything it started (n8n and its task runner) fits in the container's memory limit.
  auto limit = memory_quantity_bytes(rendered_container()["resources"]["limits"].value("memory", ""));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = server.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << "n8n's processes hold " << (*in_use >> 20) << " MiB, over the limit of " << (*limit >> 20)
                             << " MiB; its log:\n" << server.log();
  std::cerr << "n8n's processes hold " << (*in_use >> 20) << " MiB (limit " << (*limit >> 20) << " MiB)\n";

  EXPECT_TRUE(server.running()) << server.how_it_ended() << "\n" << server.log();
}

}  // namespace bg::testing
