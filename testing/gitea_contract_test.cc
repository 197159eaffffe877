// Gitea's contract (issue 13): the rendered Gitea StatefulSet's container, given exactly what the
// kubelet gives it — the rendered GITEA__section__KEY env with the generated database credentials,
// secret key, internal token and JWT secrets from apply's Secrets, the admin account's name and password, the
// service-link variables of its namespace's Services, the data volume at /var/lib/gitea, uid and
// gid 1000 — starts the real Gitea at the version the render pins (code.gitea.io/gitea, built by
// scripts/setup-contract-programs.sh as the image builds it) through the image's own start scripts
// (docker/rootless/ of that release: docker-entrypoint.sh, docker-setup.sh with its app.ini
// template and environment-to-ini, the /usr/local/bin/gitea wrapper), against the real PostgreSQL
// (Debian's server, with the database and role the postgres-init-gitea Job creates). It answers its
// readiness probe installed, not in its installation mode; the configuration it runs with is the
// rendered one; open registration is refused; the render's postStart hook makes the admin account,
// whose generated password then works against the API; a repository is created through the API,
// pushed to and cloned over HTTP with Debian's git, through Gitea's own server-side hooks (which
// call back into Gitea with the rendered internal token); an object goes through Git LFS; the repository and the object
// land on the data volume and Gitea's tables in its own database; its built-in SSH server listens
// on the rendered port. A restarted container keeps the signing secrets, the account and the
// repository. It fits in its memory limit.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/base64.h"
#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_programs.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"

namespace bg::testing {

using manifest::Json;

namespace {

const Json& gitea_statefulset() { return example_object("apps", "StatefulSet", "dev", "gitea"); }
const Json& rendered_container() { return gitea_statefulset()["spec"]["template"]["spec"]["containers"][0]; }

// The cache's bin/ folder: gitea, environment-to-ini and rootless/ (the image's docker/rootless/).
Result<std::string> gitea_bin() {
  auto program = contract_program("gitea", "GITEA_VERSION", "gitea");
  if (!program) return program.status();
  return program->substr(0, program->rfind('/'));
}

// docker.gitea.com/gitea:<version>-rootless (Dockerfile.rootless of that release, on Alpine):
// ENTRYPOINT ["/usr/bin/dumb-init", "--", "/usr/local/bin/docker-entrypoint.sh"] (dumb-init, which
// only forwards signals and reaps children, is left out), no CMD, WORKDIR /var/lib/gitea, USER
// 1000:1000 (the account git, home /var/lib/gitea/git), ENV GITEA_WORK_DIR, GITEA_CUSTOM,
// GITEA_TEMP, TMPDIR, GITEA_APP_INI and HOME as below. The program is /app/gitea/gitea;
// /usr/local/bin holds the start scripts, the `gitea` wrapper (which adds `-c $GITEA_APP_INI`) and
// environment-to-ini; /etc/templates/app.ini is the template docker-setup.sh fills. /etc/gitea is
// the image's folder, owned by git (its VOLUME is the container's own layer on Kubernetes, which
// mounts nothing there). The image's git, bash, envsubst and curl are Debian's here.
ContainerImage gitea_image(const std::string& bin) {
  const std::string rootless = bin + "/rootless";
  ContainerImage image;
  image.entrypoint = {rootless + "/usr/local/bin/docker-entrypoint.sh"};
  image.workdir = "/var/lib/gitea";
  image.user = 1000;
  image.env = {{"GITEA_WORK_DIR", "/var/lib/gitea"}, {"GITEA_CUSTOM", "/var/lib/gitea/custom"},
               {"GITEA_TEMP", "/tmp/gitea"},         {"TMPDIR", "/tmp/gitea"},
               {"GITEA_APP_INI", "/etc/gitea/app.ini"}, {"HOME", "/var/lib/gitea/git"}};
  image.writable_dirs = {"/etc/gitea"};
  image.files = {{"/app/gitea/gitea", bin + "/gitea"},
                 {"/usr/local/bin/environment-to-ini", bin + "/environment-to-ini"},
                 {"/usr/local/bin/docker-entrypoint.sh", rootless + "/usr/local/bin/docker-entrypoint.sh"},
                 {"/usr/local/bin/docker-setup.sh", rootless + "/usr/local/bin/docker-setup.sh"},
                 {"/usr/local/bin/gitea", rootless + "/usr/local/bin/gitea"},
                 {"/etc/templates/app.ini", rootless + "/etc/templates/app.ini"}};
  image.passwd = {"git:x:1000:1000:Linux User,,,:/var/lib/gitea/git:/bin/bash"};
  image.group = {"git:x:1000:git"};
  return image;
}

// The value of `key` in `[section]` of an ini text ("" for the keys before any section).
std::string ini_value(const std::string& ini, const std::string& section, const std::string& key) {
  std::istringstream in(ini);
  std::string current;
  auto trim = [](std::string s) {
    s.erase(0, s.find_first_not_of(" \t"));
    s.erase(s.find_last_not_of(" \t\r") + 1);
    return s;
  };
  for (std::string line; std::getline(in, line);) {
    line = trim(line);
    if (line.empty() || line[0] == ';' || line[0] == '#') continue;
    if (line[0] == '[') {
      current = line.substr(1, line.find(']') - 1);
      continue;
    }
    const std::size_t eq = line.find('=');
    if (current == section && eq != std::string::npos && trim(line.substr(0, eq)) == key) return trim(line.substr(eq + 1));
  }
  return "(unset)";
}

std::string basic_auth(const std::string& user, const std::string& password) {
  return "Authorization: Basic " + base64_encode(user + ":" + password);
}

// Debian's git inside the pods' network, with its own HOME (no configuration of the machine's).
Result<ProcessResult> git(const PodNetwork& net, const std::string& home, const std::vector<std::string>& args) {
  std::vector<std::string> argv = net.enter();
  for (const std::string& a : {std::string("env"), "HOME=" + home, std::string("GIT_TERMINAL_PROMPT=0"),
                               std::string("GIT_CONFIG_NOSYSTEM=1"), std::string("git")})
    argv.push_back(a);
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

// The first line a TCP server at ip:port sends on its own (an SSH server's identification).
std::string greeting(const PodNetwork& net, const std::string& ip, int port) {
  auto fd = net.connect(ip, port, std::chrono::seconds(5));
  if (!fd) return "(" + fd.status().message() + ")";
  std::string got;
  pollfd p{*fd, POLLIN, 0};
  char buf[256];
  while (got.find('\n') == std::string::npos && poll(&p, 1, 5000) > 0) {
    const ssize_t n = read(*fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  close(*fd);
  return got.substr(0, got.find('\n'));
}

}  // namespace

TEST(GiteaContract, TheProgramIsTheVersionTheRenderPins) {
  const std::string pinned = contract_version("GITEA_VERSION");
  EXPECT_EQ(rendered_container()["image"], "docker.gitea.com/gitea:" + pinned + "-rootless")
      << "catalog/gitea.yaml and testing/contract/versions.env must name the same release";
  auto bin = gitea_bin();
  ASSERT_TRUE(bin) << bin.status().message();
  auto run = run_process({*bin + "/gitea", "--version"});
  ASSERT_TRUE(run) << run.status().message();
  EXPECT_EQ(run->exit_code, 0) << run->out << run->err;
  EXPECT_EQ(run->out.rfind("gitea version " + pinned + " ", 0), 0u) << run->out << run->err;
  for (const char* script : {"usr/local/bin/docker-entrypoint.sh", "usr/local/bin/docker-setup.sh", "usr/local/bin/gitea",
                             "etc/templates/app.ini"})
    EXPECT_TRUE(std::filesystem::exists(*bin + "/rootless/" + script)) << script;
}

TEST(GiteaContract, StartsOnPostgresWithTheRenderedEnvServesTheApiAndGitOverHttp) {
  auto bin = gitea_bin();
  ASSERT_TRUE(bin) << bin.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  TempDir pg_data;
  auto postgres = start_provisioned_postgres(**net, *facts, pg_data.path());
  ASSERT_TRUE(postgres) << postgres.status().message();

  TempDir data;
  ContractPod server(**net, *facts, gitea_statefulset(), {"gitea-0", "10.244.4.35"}, "gitea", gitea_image(*bin));
  Status started = server.start({{"data", data.path()}});
  ASSERT_TRUE(started) << started.message();
  // The render gives neither command nor args: the image's entrypoint runs its setup and `gitea web`.
  EXPECT_FALSE(rendered_container().contains("command"));
  EXPECT_FALSE(rendered_container().contains("args"));
  EXPECT_EQ(server.argv(), std::vector<std::string>{*bin + "/rootless/usr/local/bin/docker-entrypoint.sh"});

  // The kubelet runs the postStart hook as soon as the container has started, beside the
  // entrypoint: it makes the admin account from the generated password once the server has made
  // its tables (it tries for 5 minutes).
  std::vector<std::string> hook;
  for (const Json& a : rendered_container()["lifecycle"]["postStart"]["exec"]["command"]) hook.push_back(a.get<std::string>());
  ASSERT_FALSE(hook.empty());
  auto hook_run = std::async(std::launch::async, [&] { return server.exec(hook, std::chrono::seconds(330)); });
  Status ready = server.wait_ready(std::chrono::seconds(120));
  auto made = hook_run.get();
  ASSERT_TRUE(ready) << ready.message();
  ASSERT_TRUE(made) << made.status().message();
  EXPECT_EQ(made->exit_code, 0) << made->out << made->err;
  const std::string base = "http://" + server.placement().pod_ip + ":3000";

  // The configuration it runs with: the image's template, with every rendered GITEA__section__KEY
  // written into it by environment-to-ini.
  auto ini = server.exec({"cat", "/etc/gitea/app.ini"}, std::chrono::seconds(10));
  ASSERT_TRUE(ini) << ini.status().message();
  ASSERT_EQ(ini->exit_code, 0) << ini->err << "\nGitea's log:\n" << server.log();
  const std::string& conf = ini->out;
  EXPECT_EQ(ini_value(conf, "database", "DB_TYPE"), "postgres") << conf;
  EXPECT_EQ(ini_value(conf, "database", "HOST"), "postgres.db.svc:5432");
  EXPECT_EQ(ini_value(conf, "security", "INSTALL_LOCK"), "true");
  EXPECT_EQ(ini_value(conf, "service", "DISABLE_REGISTRATION"), "true");
  EXPECT_EQ(ini_value(conf, "server", "SSH_LISTEN_PORT"), "2222");
  const Json* ingress = facts->find("Ingress", "dev", "gitea");
  ASSERT_NE(ingress, nullptr);
  const std::string public_host = (*ingress)["spec"]["rules"][0].value("host", "");
  EXPECT_EQ(ini_value(conf, "server", "ROOT_URL"), "https://" + public_host + "/");
  for (const auto& [ini_key, secret_key] : {std::pair{"SECRET_KEY", "secretKey"}, std::pair{"INTERNAL_TOKEN", "internalToken"}}) {
    auto generated = secret_value(*facts, "dev", "gitea-keys", secret_key);
    ASSERT_TRUE(generated) << generated.status().message();
    EXPECT_EQ(ini_value(conf, "security", ini_key), *generated) << ini_key;
  }

  // Installed, not in its installation mode (which also answers /api/healthz, but nothing else):
  // the API answers, with the pinned version, and the installer's pages are gone.
  auto version = (*net)->http_get(base + "/api/v1/version", std::chrono::seconds(10));
  ASSERT_TRUE(version) << version.status().message();
  EXPECT_EQ(version->status, 200) << version->body;
  EXPECT_EQ(Json::parse(version->body, nullptr, false).value("version", ""), contract_version("GITEA_VERSION")) << version->body;
  auto post_install = (*net)->http_get(base + "/post-install", std::chrono::seconds(10));
  ASSERT_TRUE(post_install) << post_install.status().message();
  EXPECT_EQ(post_install->status, 404);

  // Open registration is off: the sign-up page says so, and a sign-up is refused.
  auto sign_up = (*net)->http_get(base + "/user/sign_up", std::chrono::seconds(10));
  ASSERT_TRUE(sign_up) << sign_up.status().message();
  EXPECT_NE(sign_up->body.find("Registration is disabled"), std::string::npos) << sign_up->status << sign_up->body.substr(0, 600);

  // The admin account the hook made: the render's name and generated password work against the
  // API; another password does not.
  auto admin_name = secret_value(*facts, "dev", "gitea-admin", "username");
  auto admin_password = secret_value(*facts, "dev", "gitea-admin", "password");
  ASSERT_TRUE(admin_name && admin_password) << "the gitea-admin Secret apply generates has no username or password";
  const std::string admin = *admin_name, password = *admin_password;
  ASSERT_FALSE(admin.empty() || password.empty());
  auto me = (*net)->http_get(base + "/api/v1/user", std::chrono::seconds(10), {basic_auth(admin, password)});
  ASSERT_TRUE(me) << me.status().message();
  ASSERT_EQ(me->status, 200) << me->body << "\nthe hook said:\n" << made->out << made->err << "\nGitea's log:\n" << server.log();
  Json user = Json::parse(me->body, nullptr, false);
  EXPECT_EQ(user.value("login", ""), admin);
  EXPECT_TRUE(user.value("is_admin", false)) << me->body;
  auto wrong = (*net)->http_get(base + "/api/v1/user", std::chrono::seconds(10), {basic_auth(admin, password + "x")});
  ASSERT_TRUE(wrong) << wrong.status().message();
  EXPECT_EQ(wrong->status, 401);

  // A repository made through the API, pushed to and cloned over HTTP. The push runs Gitea's own
  // server-side hooks, which call its internal API with the rendered internal token.
  HttpRequest create;
  create.method = "POST";
  create.body = R"({"name":"contract","private":true})";
  create.headers = {basic_auth(admin, password), "Content-Type: application/json"};
  auto repo = (*net)->http(base + "/api/v1/user/repos", create, std::chrono::seconds(30));
  ASSERT_TRUE(repo) << repo.status().message();
  ASSERT_EQ(repo->status, 201) << repo->body;
  TempDir work;
  const std::string home = work.path() + "/home", pushed = work.path() + "/pushed", cloned = work.path() + "/cloned";
  std::filesystem::create_directories(home);
  const std::string url = base + "/" + admin + "/contract.git";
  const std::string auth = "http.extraHeader=" + basic_auth(admin, password);
  std::filesystem::create_directories(pushed);
  {
    std::ofstream(pushed + "/README.md") << "pushed by the contract test\n";
  }
  for (const std::vector<std::string>& step :
       {std::vector<std::string>{"-C", pushed, "init", "-q", "-b", "main"}, {"-C", pushed, "add", "README.md"},
        {"-C", pushed, "-c", "user.name=Contract", "-c", "user.email=contract@example.invalid", "commit", "-q", "-m", "first"},
        {"-C", pushed, "-c", auth, "push", "-q", url, "main"}, {"-c", auth, "clone", "-q", url, cloned}}) {
    auto run = git(**net, home, step);
    ASSERT_TRUE(run) << run.status().message();
    ASSERT_EQ(run->exit_code, 0) << "git " << step[step.size() > 3 ? 3 : 0] << ": " << run->out << run->err
                                 << "\nGitea's log:\n" << server.log();
  }
  auto head_of = [&](const std::string& dir) {
    auto run = git(**net, home, {"-C", dir, "rev-parse", "HEAD"});
    return run && run->exit_code == 0 ? run->out : std::string("(none)");
  };
  EXPECT_EQ(head_of(cloned), head_of(pushed));
  EXPECT_EQ(read_file(cloned + "/README.md"), "pushed by the contract test\n");
  // Gitea takes in a push in the background (its push queue marks the repository not empty, then
  // the branch is served by the API): wait for it.
  const std::string repo_api = base + "/api/v1/repos/" + admin + "/contract";
  Json repo_json;
  for (int i = 0; i < 60; ++i) {
    auto got = (*net)->http_get(repo_api, std::chrono::seconds(10), {basic_auth(admin, password)});
    ASSERT_TRUE(got) << got.status().message();
    repo_json = Json::parse(got->body, nullptr, false);
    if (repo_json.is_object() && !repo_json.value("empty", true)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_FALSE(repo_json.value("empty", true)) << repo_json.dump() << "\nGitea's log:\n" << server.log();
  auto branch = (*net)->http_get(repo_api + "/branches/main", std::chrono::seconds(10),
                                 {basic_auth(admin, password)});
  ASSERT_TRUE(branch) << branch.status().message();
  ASSERT_EQ(branch->status, 200) << branch->body.substr(0, 300) << "\nGitea's log:\n" << server.log();
  Json branch_json = Json::parse(branch->body, nullptr, false);
  ASSERT_TRUE(branch_json.is_object() && branch_json["commit"].is_object()) << branch->body;
  EXPECT_EQ(branch_json["commit"].value("id", "") + "\n", head_of(pushed)) << branch->body;
  // Without credentials, the private repository is not served.
  auto anonymous = git(**net, home, {"ls-remote", url});
  ASSERT_TRUE(anonymous) << anonymous.status().message();
  EXPECT_NE(anonymous->exit_code, 0) << anonymous->out;

  // Git LFS, for which the ingress takes bodies up to 1g: the batch API hands out an upload action,
  // and the object uploaded with it lands on the volume.
  const std::string lfs_content = "an LFS object\n";
  auto digest = run_process({"sha256sum"}, lfs_content);
  ASSERT_TRUE(digest) << digest.status().message();
  const std::string oid = digest->out.substr(0, 64);
  HttpRequest batch;
  batch.method = "POST";
  batch.body = R"({"operation":"upload","transfers":["basic"],"objects":[{"oid":")" + oid + R"(","size":)" +
               std::to_string(lfs_content.size()) + "}]}";
  batch.headers = {basic_auth(admin, password), "Accept: application/vnd.git-lfs+json",
                   "Content-Type: application/vnd.git-lfs+json"};
  auto batched = (*net)->http(url + "/info/lfs/objects/batch", batch, std::chrono::seconds(10));
  ASSERT_TRUE(batched) << batched.status().message();
  EXPECT_EQ(batched->status, 200) << batched->body.substr(0, 300);
  const Json answer = Json::parse(batched->body, nullptr, false);
  const Json upload = answer.is_object() ? answer.value(Json::json_pointer("/objects/0/actions/upload"), Json()) : Json();
  if (upload.is_object()) {
    HttpRequest put;
    put.method = "PUT";
    put.body = lfs_content;
    put.headers = {"Content-Type: application/octet-stream"};
    const Json action_headers = upload.value("header", Json::object());
    for (const auto& [name, value] : action_headers.items()) put.headers.push_back(name + ": " + value.get<std::string>());
    // The action names the public URL (ROOT_URL); the test sends it to the pod.
    const std::string href = upload.value("href", "");
    const std::size_t path = href.find('/', href.find("://") + 3);
    auto uploaded = (*net)->http(base + href.substr(path), put, std::chrono::seconds(10));
    ASSERT_TRUE(uploaded) << uploaded.status().message();
    EXPECT_EQ(uploaded->status, 200) << uploaded->body.substr(0, 300);
    EXPECT_EQ(read_file(data.path() + "/git/lfs/" + oid.substr(0, 2) + "/" + oid.substr(2, 2) + "/" + oid.substr(4)), lfs_content);
  } else {
    ADD_FAILURE() << "no upload action: " << batched->body.substr(0, 300);
  }

  // Where it keeps its data: the repository on the data volume, its tables in its own database
  // (owned by its own role), no SQLite database.
  EXPECT_TRUE(std::filesystem::is_directory(data.path() + "/git/repositories/" + admin + "/contract.git"));
  EXPECT_FALSE(std::filesystem::exists(data.path() + "/data/gitea.db"));
  auto tables = psql_as_dependent(**net, *facts, "dev", "gitea-postgres",
                                  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user "
                                  "AND tablename IN ('user', 'repository', 'version')");
  ASSERT_TRUE(tables) << tables.status().message();
  EXPECT_EQ(tables->out, "3\n") << tables->err;
  auto admins = psql_as_dependent(**net, *facts, "dev", "gitea-postgres",
                                  "SELECT lower_name FROM \"user\" WHERE is_admin ORDER BY id");
  ASSERT_TRUE(admins) << admins.status().message();
  EXPECT_EQ(admins->out, admin + "\n") << admins->err;

  // Its built-in SSH server (git over SSH, raw TCP through the ingress) listens on the rendered port.
  EXPECT_EQ(greeting(**net, server.placement().pod_ip, 2222).rfind("SSH-2.0-", 0), 0u) << server.log();

  // A restarted container (a new one on the same volume: /etc/gitea, in the image's layer, is new)
  // runs the setup and the hook again: the hook finds the account and exits at once; the signing
  // secrets Gitea would otherwise generate into app.ini (OAuth2's JWT_SECRET, which also signs its
  // CSRF and account tokens, and LFS') are the rendered ones, unchanged; the password still works
  // and the repository is still there.
  server.stop();
  ContractPod restarted(**net, *facts, gitea_statefulset(), {"gitea-0", "10.244.4.35"}, "gitea", gitea_image(*bin));
  Status restarted_ok = restarted.start({{"data", data.path()}});
  ASSERT_TRUE(restarted_ok) << restarted_ok.message();
  const auto before = std::chrono::steady_clock::now();
  auto hook_again = std::async(std::launch::async, [&] { return restarted.exec(hook, std::chrono::seconds(60)); });
  Status ready_again = restarted.wait_ready(std::chrono::seconds(120));
  auto again = hook_again.get();
  ASSERT_TRUE(ready_again) << ready_again.message();
  ASSERT_TRUE(again) << again.status().message();
  EXPECT_EQ(again->exit_code, 0) << again->out << again->err;
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(30)) << again->out << again->err;
  auto ini_again = restarted.exec({"cat", "/etc/gitea/app.ini"}, std::chrono::seconds(10));
  ASSERT_TRUE(ini_again) << ini_again.status().message();
  for (const auto& [section, key] : {std::pair{"oauth2", "JWT_SECRET"}, std::pair{"server", "LFS_JWT_SECRET"}}) {
    EXPECT_NE(ini_value(conf, section, key), "(unset)") << section << "." << key;
    EXPECT_EQ(ini_value(ini_again->out, section, key), ini_value(conf, section, key))
        << section << "." << key << " changed with the container: Gitea generated it into the container's own app.ini";
  }
  auto branch_again = (*net)->http_get(repo_api + "/branches/main", std::chrono::seconds(10), {basic_auth(admin, password)});
  ASSERT_TRUE(branch_again) << branch_again.status().message();
  EXPECT_EQ(branch_again->status, 200) << branch_again->body.substr(0, 300);
  EXPECT_EQ(Json::parse(branch_again->body, nullptr, false)["commit"].value("id", "") + "\n", head_of(pushed));

  // Everything it started fits in the container's memory limit.
  auto limit = memory_quantity_bytes(rendered_container()["resources"]["limits"].value("memory", ""));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = restarted.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << "Gitea's processes hold " << (*in_use >> 20) << " MiB, over the limit of " << (*limit >> 20)
                             << " MiB; its log:\n" << restarted.log();
  std::cerr << "Gitea's processes hold " << (*in_use >> 20) << " MiB (limit " << (*limit >> 20) << " MiB)\n";

  EXPECT_TRUE(restarted.running()) << restarted.how_it_ended() << "\n" << restarted.log();
}

}  // namespace bg::testing
