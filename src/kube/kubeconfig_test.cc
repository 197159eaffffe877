// Kubeconfig loading: kubectl's merge rules and located mistakes, word for word.
#include "kube/kubeconfig.h"

#include <gtest/gtest.h>

// Designated initializers name the options a test sets; GCC 12 warns about the ones left out.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "testing/fixtures.h"

namespace bg::kube {
namespace {

const char* kConfig = R"(apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod:6443
    certificate-authority-data: Q0EtUEVN
- name: lab
  cluster:
    server: https://lab:6443
    certificate-authority: ca.pem
    insecure-skip-tls-verify: false
users:
- name: admin
  user:
    client-certificate-data: Q0VSVA==
    client-key-data: S0VZ
- name: robot
  user:
    tokenFile: token
contexts:
- name: prod
  context: {cluster: prod, user: admin, namespace: apps}
- name: lab
  context: {cluster: lab, user: robot}
current-context: prod
)";

KubeconfigResult load(testing::MemoryFileSystem& fs, KubeconfigOptions o) { return load_client_config(o, fs); }

std::string rendered(const KubeconfigResult& r) { return render_diagnostics(r.diagnostics, r.sources, false); }

TEST(Kubeconfig, ReadsTheCurrentContextWithInlineCredentials) {
  testing::MemoryFileSystem fs;
  fs.files["/home/k/.kube/config"] = kConfig;
  auto r = load(fs, {.home = "/home/k"});
  ASSERT_TRUE(r.config) << rendered(r);
  EXPECT_EQ(r.config->server, "https://prod:6443");
  EXPECT_EQ(r.config->ca_pem, "CA-PEM");
  EXPECT_EQ(r.config->client_cert_pem, "CERT");
  EXPECT_EQ(r.config->client_key_pem, "KEY");
  EXPECT_EQ(r.config->namespace_name, "apps");
  EXPECT_FALSE(r.config->insecure_skip_tls_verify);
}

TEST(Kubeconfig, ContextFlagAndFilesRelativeToTheKubeconfig) {
  testing::MemoryFileSystem fs;
  fs.files["/etc/k/config"] = kConfig;
  fs.files["/etc/k/ca.pem"] = "LAB-CA";
  auto r = load(fs, {.kubeconfig_flag = "/etc/k/config", .context = "lab", .namespace_name = "ops"});
  ASSERT_TRUE(r.config) << rendered(r);
  EXPECT_EQ(r.config->server, "https://lab:6443");
  EXPECT_EQ(r.config->ca_pem, "LAB-CA");
  EXPECT_EQ(r.config->token_file, "/etc/k/token");
  EXPECT_EQ(r.config->namespace_name, "ops");
}

TEST(Kubeconfig, MergesTheKubeconfigListFirstWins) {
  testing::MemoryFileSystem fs;
  fs.files["/a"] = "clusters:\n- name: prod\n  cluster: {server: https://first:1}\n";
  fs.files["/b"] = kConfig;
  auto r = load(fs, {.kubeconfig_env = "/missing:/a:/b"});
  ASSERT_TRUE(r.config) << rendered(r);
  EXPECT_EQ(r.config->server, "https://first:1");  // /a defines "prod" first
  EXPECT_EQ(r.config->client_cert_pem, "CERT");    // the rest comes from /b
}

TEST(Kubeconfig, UnknownContextIsLocatedWithAHint) {
  testing::MemoryFileSystem fs;
  std::string text = kConfig;
  text.replace(text.find("current-context: prod"), 21, "current-context: prd");
  fs.files["/k"] = text;
  auto r = load(fs, {.kubeconfig_flag = "/k"});
  EXPECT_FALSE(r.config);
  EXPECT_EQ(rendered(r),
            "/k:26:18: error: context \"prd\" is not defined\n"
            "  current-context: prd\n"
            "                   ^\n"
            "  hint: did you mean \"prod\"?\n");
}

TEST(Kubeconfig, ReportsEveryMistakeInTheChosenEntries) {
  testing::MemoryFileSystem fs;
  fs.files["/k"] = R"(clusters:
- name: c
  cluster:
    certificate-authority-data: "not base64!"
users:
- name: u
  user:
    client-certificate-data: Q0VSVA==
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
)";
  auto r = load(fs, {.kubeconfig_flag = "/k"});
  EXPECT_FALSE(r.config);
  std::vector<std::string> messages;
  for (const Diagnostic& d : r.diagnostics) messages.push_back(d.loc.str() + " " + d.message);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "/k:4:5 cluster \"c\" has no server",
                          "/k:4:33 certificate-authority-data is not valid base64",
                          "/k:8:5 user \"u\" has a client certificate or a client key but not both",
                      }));
}

TEST(Kubeconfig, AMissingExplicitFileIsAnError) {
  testing::MemoryFileSystem fs;
  auto r = load(fs, {.kubeconfig_flag = "/nope"});
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].message, "the kubeconfig file does not exist");
}

TEST(Kubeconfig, FallsBackToTheInClusterServiceAccount) {
  testing::MemoryFileSystem fs;
  fs.files["/sa/ca.crt"] = "SA-CA";
  fs.files["/sa/token"] = "t0k3n";
  fs.files["/sa/namespace"] = "platform\n";
  auto r = load(fs, {.home = "/home/none", .service_host = "10.96.0.1", .service_port = "443",
                     .service_account_dir = "/sa"});
  ASSERT_TRUE(r.config) << rendered(r);
  EXPECT_EQ(r.config->server, "https://10.96.0.1:443");
  EXPECT_EQ(r.config->ca_pem, "SA-CA");
  EXPECT_EQ(r.config->token_file, "/sa/token");
  EXPECT_EQ(r.config->namespace_name, "platform");
  auto none = load(fs, {.home = "/home/none"});
  EXPECT_EQ(none.diagnostics.items().at(0).message, "no Kubernetes configuration found");
  EXPECT_EQ(render_diagnostics(none.diagnostics, none.sources, false),
            "error: no Kubernetes configuration found\n"
            "  hint: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run inside a cluster\n");
}

TEST(Kubeconfig, AKubeconfigVariableThatNamesNoFileSaysSo) {
  testing::MemoryFileSystem fs;
  auto r = load(fs, {.kubeconfig_env = "/nonexist", .home = "/home/none"});
  ASSERT_FALSE(r.config);
  EXPECT_EQ(render_diagnostics(r.diagnostics, r.sources, false),
            "/nonexist: error: no Kubernetes configuration found: KUBECONFIG=/nonexist names no file that exists\n"
            "  hint: point KUBECONFIG at a kubeconfig file, or pass --kubeconfig\n");
}

TEST(Kubeconfig, ReadsExecPlugins) {
  testing::MemoryFileSystem fs;
  fs.files["/k/config"] = R"(clusters:
- {name: c, cluster: {server: "https://h:1", insecure-skip-tls-verify: true}}
users:
- name: u
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin
      args: [get-token]
      env: [{name: REGION, value: eu}]
contexts:
- {name: x, context: {cluster: c, user: u}}
current-context: x
)";
  auto r = load(fs, {.kubeconfig_flag = "/k/config"});
  ASSERT_TRUE(r.config) << rendered(r);
  ASSERT_TRUE(r.config->exec);
  EXPECT_EQ(r.config->exec->command, "/k/./plugin");
  EXPECT_EQ(r.config->exec->args, std::vector<std::string>{"get-token"});
  EXPECT_EQ(r.config->exec->env.at(0).second, "eu");
  EXPECT_TRUE(r.config->insecure_skip_tls_verify);
}

}  // namespace
}  // namespace bg::kube
