// A cluster that cannot be reached, is not trusted, or refuses us, as a user meets it: the real
// betelgeuse binary with a broken kubeconfig against the Kubernetes API test server. Every live
// command says the cause in one line with a hint and exits 3; destroy deletes nothing; status never
// shows the platform as NotFound; plan, diff and apply name the kinds the cluster does not serve.
#include <gtest/gtest.h>

#include <fstream>

#include "testing/kube_testserver.h"

namespace bg::cli {
namespace {

using testing::run_command;

// The test server's kubeconfig with the value after `key` (on its first line that has it) replaced.
std::string with_value(std::string kubeconfig, const std::string& key, const std::string& value) {
  std::size_t at = kubeconfig.find(key);
  EXPECT_NE(at, std::string::npos) << key;
  if (at == std::string::npos) return kubeconfig;
  at += key.size();
  return kubeconfig.replace(at, kubeconfig.find('\n', at) - at, value);
}

std::string value_of(const std::string& kubeconfig, const std::string& key) {
  std::size_t at = kubeconfig.find(key) + key.size();
  return kubeconfig.substr(at, kubeconfig.find('\n', at) - at);
}

class BrokenCluster : public ::testing::Test {
 protected:
  void SetUp() override {
    testserver::SimulatorOptions sim;
    sim.ready_delay = std::chrono::milliseconds(20);
    server_ = std::make_unique<testing::KubeTestServer>(testserver::ServerOptions{}, sim);
    spec_ = dir_ / "platform.yaml";
    std::ofstream(spec_) << testing::skeleton_spec();
  }

  std::string write(const std::string& name, const std::string& text) {
    std::string path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  void apply_with_the_good_kubeconfig() {
    auto r = run_command(testing::binary() + " apply " + spec_ + " --wave-timeout 60 --kubeconfig " + server_->kubeconfig());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  int64_t resource_version() {
    std::lock_guard lock(server_->server().store().mu);
    return server_->server().store().resource_version_locked();
  }

  // Every live command, with `flags` naming the kubeconfig: exit 3, `cause` in the last words,
  // a hint, no table, nothing deleted, no credential shown. Nothing is written either, unless the
  // cluster lets us write some things (`rotate_writes`: secrets rotate draws its Secret before the
  // waves, and only the waves meet what is forbidden).
  void expect_every_command_fails(const std::string& flags, const std::string& cause, bool rotate_writes = false) {
    int64_t before = resource_version();
    for (const std::string& command : {"plan " + spec_, "apply " + spec_, "diff " + spec_, "status " + spec_,
                                       "destroy " + spec_ + " --yes", "secrets rotate postgres-admin --spec " + spec_}) {
      SCOPED_TRACE(command);
      auto r = run_command(testing::binary() + " " + command + " " + flags);
      EXPECT_EQ(r.exit_code, 3) << r.err;
      EXPECT_NE(r.err.find(cause), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("\nhint: "), std::string::npos) << r.err;
      EXPECT_EQ(r.out.find("NotFound"), std::string::npos) << r.out;
      EXPECT_EQ(r.out.find("deleted"), std::string::npos) << r.out;
      EXPECT_EQ(r.out.find("Plan: "), std::string::npos) << r.out;
      EXPECT_EQ((r.out + r.err).find(server_->server().token()), std::string::npos) << "a credential in the output";
    }
    if (!rotate_writes) {
      EXPECT_EQ(resource_version(), before) << "nothing was written or deleted";
    }
  }

  std::unique_ptr<testing::KubeTestServer> server_;
  testing::TempDir dir_;
  std::string spec_;
};

TEST_F(BrokenCluster, AServerThatRefusesConnectionsIsRetriedVisiblyThenExitThree) {
  std::string kubeconfig = write("refused", with_value(server_->server().kubeconfig(), "server: ", "https://127.0.0.1:1"));
  expect_every_command_fails("--kubeconfig " + kubeconfig + " --request-timeout 2s",
                             "cannot reach https://127.0.0.1:1: connection refused (");
  // With the default budget (10 s), the retries are announced as they happen.
  auto r = run_command(testing::binary() + " destroy " + spec_ + " --yes --kubeconfig " + kubeconfig);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err.rfind("betelgeuse: cannot reach https://127.0.0.1:1: connection refused; retrying (2/8)…\n", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("betelgeuse: destroy stopped: cannot reach https://127.0.0.1:1: connection refused (8 attempts in "),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: check that the cluster is up and that the kubeconfig's server address is the right one "
                       "(--request-timeout waits longer)\n"),
            std::string::npos) << r.err;
}

TEST_F(BrokenCluster, AServerCertificateFromAnotherCAIsNotTrustedAndExitThree) {
  apply_with_the_good_kubeconfig();
  testing::KubeTestServer other;
  const std::string ca_key = "certificate-authority-data: ";
  std::string kubeconfig =
      write("other-ca", with_value(server_->server().kubeconfig(), ca_key, value_of(other.server().kubeconfig(), ca_key)));
  expect_every_command_fails("--kubeconfig " + kubeconfig + " --request-timeout 2s",
                             "the server's certificate is not trusted by the kubeconfig's CA (" + server_->server().url() + ": ");
  auto r = run_command(testing::binary() + " status " + spec_ + " --kubeconfig " + kubeconfig);
  EXPECT_EQ(r.err.substr(r.err.find("\nhint: ")),
            "\nhint: the cluster's certificate-authority-data in the kubeconfig must be the CA that signed the API "
            "server's certificate; is the server address the right cluster's?\n");
}

TEST_F(BrokenCluster, AWrongTokenIsUnauthorizedAndExitThree) {
  apply_with_the_good_kubeconfig();
  std::string kubeconfig = write("wrong-token", with_value(server_->server().kubeconfig(), "token: ", "not-the-token"));
  expect_every_command_fails("--kubeconfig " + kubeconfig + " --context testserver-token",
                             "Unauthorized: the kubeconfig's credentials were refused by " + server_->server().url() + "\n");
  auto r = run_command(testing::binary() + " status " + spec_ + " --kubeconfig " + kubeconfig + " --context testserver-token");
  EXPECT_EQ(r.err, "betelgeuse: cannot read the platform's status: Unauthorized: the kubeconfig's credentials were refused by " +
                       server_->server().url() +
                       "\nhint: the token or client certificate of the kubeconfig's user is wrong or has expired; get "
                       "fresh credentials for this context\n");
  EXPECT_EQ(r.out, "");
}

TEST_F(BrokenCluster, AKindWeAreForbiddenToReadStopsEveryCommandAndDestroyDeletesNothing) {
  apply_with_the_good_kubeconfig();
  server_->server().forbid({"statefulsets.apps"});
  expect_every_command_fails("--kubeconfig " + server_->kubeconfig(), "Forbidden: statefulsets.apps ", true);
  int64_t before = resource_version();
  auto destroy = run_command(testing::binary() + " destroy " + spec_ + " --yes --kubeconfig " + server_->kubeconfig());
  EXPECT_EQ(resource_version(), before) << "destroy deleted nothing";
  EXPECT_EQ(destroy.err,
            "betelgeuse: destroy stopped: Forbidden: statefulsets.apps is forbidden: User \"admin\" cannot list resource "
            "\"statefulsets\" in API group \"apps\" at the cluster scope\n"
            "hint: the kubeconfig's user lacks the rights (RBAC) for this; use a context that has them, or ask for them\n");
  // Once the right is back, the platform is all there.
  server_->server().forbid({});
  auto status = run_command(testing::binary() + " status " + spec_ + " --kubeconfig " + server_->kubeconfig());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
}

TEST_F(BrokenCluster, KindsTheClusterDoesNotServeAreReportedByPlanAndDiffAndApplyWritesNothing) {
  // Gateway API exposure on a cluster without the Gateway API's CRDs.
  std::ofstream(spec_) << testing::with_gateway_backend(testing::skeleton_spec());
  std::string flags = " --kubeconfig " + server_->kubeconfig();
  int64_t before = resource_version();
  auto plan = run_command(testing::binary() + " plan " + spec_ + flags);
  EXPECT_EQ(plan.exit_code, 1) << plan.err;
  EXPECT_NE(plan.out.find("\nNot served by the cluster, so apply would refuse to start\n  "), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("\n  gateway.networking.k8s.io/v1 GatewayClass: "), std::string::npos) << plan.out;
  auto diff = run_command(testing::binary() + " diff " + spec_ + flags);
  EXPECT_EQ(diff.exit_code, 1) << diff.err;
  EXPECT_NE(diff.err.find(" of the platform's kinds; apply would refuse to start:\n"), std::string::npos) << diff.err;
  EXPECT_NE(diff.err.find("\n  gateway.networking.k8s.io/v1 GatewayClass: "), std::string::npos) << diff.err;
  auto apply = run_command(testing::binary() + " apply " + spec_ + flags);
  EXPECT_EQ(apply.exit_code, 1);
  EXPECT_EQ(apply.err.rfind("betelgeuse: apply stopped: the cluster does not serve ", 0), 0u) << apply.err;
  EXPECT_NE(apply.err.find("; nothing was written:\n  "), std::string::npos) << apply.err;
  EXPECT_NE(apply.err.find("\n  gateway.networking.k8s.io/v1 GatewayClass: "), std::string::npos) << apply.err;
  EXPECT_EQ(resource_version(), before) << "apply wrote nothing";
}

TEST_F(BrokenCluster, AKubeconfigVariableNamingNoFileSaysWhichAndExitTwo) {
  auto r = run_command("KUBECONFIG=/nonexist " + testing::binary() + " apply " + spec_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexist: error: no Kubernetes configuration found: KUBECONFIG=/nonexist names no file that exists\n"),
            std::string::npos) << r.err;
}

TEST_F(BrokenCluster, ARequestTimeoutThatIsNotADurationIsBadInput) {
  auto r = run_command(testing::binary() + " status " + spec_ + " --request-timeout 10x --kubeconfig " + server_->kubeconfig());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "betelgeuse: --request-timeout: \"10x\" is not a duration: unknown unit \"x\" (examples: 10s, 500ms, 1m30s)\n");
}

}  // namespace
}  // namespace bg::cli
