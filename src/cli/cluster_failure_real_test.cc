// Users with read-only rights on the real API server (kube-apiserver with RBAC, scripts/real-cluster.sh),
// as a user meets them: the real betelgeuse binary with a kubeconfig whose client certificate the
// cluster's CA signed for a user bound to read-only ClusterRoles, after an admin applied the platform.
//
// Two such users: `viewer` may read everything but Secrets (the built-in `view` role plus get/list/watch
// on every other group's kinds, cluster-scoped ones included), `auditor` may read Secrets too. What
// the real authorizer proves that kube-testserver's --forbid cannot: which rights each command
// really needs. status needs no Secret; plan reads Secrets (the generated ones and the ApplySet
// parent); diff and apply need write rights as soon as anything would change (a server-side dry run
// is authorized like the write); destroy needs delete. Every refusal exits 3 with the server's
// Forbidden message and a hint, and nothing is written or deleted.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>

#include "apply/cluster.h"
#include "testing/cluster_objects.h"
#include "testing/kube_testserver.h"
#include "testing/real_cluster.h"

namespace bg::cli {
namespace {

using nlohmann::json;
using testing::run_command;

const char* const kHint = "\nhint: the kubeconfig's user lacks the rights (RBAC) for this; use a context that has them, or ask for them\n";

// get/list/watch on every kind of every API group the server serves, and on the core kinds other
// than Secrets (the `view` role lacks the cluster-scoped ones and every custom resource).
json read_all_but_secrets(const std::string& admin) {
  auto versions = testing::kubectl(admin, {"api-versions"});
  EXPECT_EQ(versions.exit_code, 0) << versions.err;
  std::set<std::string> groups;
  std::istringstream in(versions.out);
  for (std::string line; std::getline(in, line);)
    if (line.find('/') != std::string::npos) groups.insert(line.substr(0, line.find('/')));
  json core = {"configmaps", "endpoints", "events", "limitranges", "namespaces", "nodes", "persistentvolumeclaims",
               "persistentvolumes", "pods", "podtemplates", "replicationcontrollers", "resourcequotas",
               "serviceaccounts", "services"};
  json verbs = {"get", "list", "watch"};
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRole"},
          {"metadata", {{"name", "read-all-but-secrets"}}},
          {"rules", json::array({{{"apiGroups", {""}}, {"resources", core}, {"verbs", verbs}},
                                 {{"apiGroups", groups}, {"resources", {"*"}}, {"verbs", verbs}}})}};
}

json binding(const std::string& name, const std::string& role, const std::string& user) {
  return {{"apiVersion", "rbac.authorization.k8s.io/v1"},
          {"kind", "ClusterRoleBinding"},
          {"metadata", {{"name", name}}},
          {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", role}}},
          {"subjects", json::array({{{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "User"}, {"name", user}}})}};
}

class ReadOnlyUser : public ::testing::Test {
 protected:
  // One cluster for the suite: the admin applies the platform once, and no test here can write.
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir;
    spec_ = *dir_ / "platform.yaml";
    std::ofstream(spec_) << testing::skeleton_spec();
    changed_ = *dir_ / "changed.yaml";  // one more component: objects to create
    std::ofstream(changed_) << testing::skeleton_spec_plus({"kube-state-metrics"});
    cluster_ = new testing::RealCluster(spec_);
    if (!cluster_->ok()) return;
    const std::string& admin = cluster_->kubeconfig();
    auto applied = run_command(testing::binary() + " apply " + spec_ + " --wave-timeout 120 --kubeconfig " + admin);
    if (applied.exit_code != 0) {
      ADD_FAILURE() << "the admin's apply failed:\n" << applied.out << applied.err;
      return;
    }
    json objects = json::array({read_all_but_secrets(admin), binding("viewer-view", "view", "viewer"),
                                binding("viewer-read", "read-all-but-secrets", "viewer"),
                                binding("auditor-view", "view", "auditor"),
                                binding("auditor-read", "read-all-but-secrets", "auditor")});
    objects.push_back({{"apiVersion", "rbac.authorization.k8s.io/v1"},
                       {"kind", "ClusterRole"},
                       {"metadata", {{"name", "read-secrets"}}},
                       {"rules", json::array({{{"apiGroups", {""}}, {"resources", {"secrets"}}, {"verbs", {"get", "list", "watch"}}}})}});
    objects.push_back(binding("auditor-secrets", "read-secrets", "auditor"));
    auto rbac = testing::kubectl(admin, {"apply", "-f", "-"}, json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", objects}}.dump());
    if (rbac.exit_code != 0) {
      ADD_FAILURE() << "the RBAC objects: " << rbac.err;
      return;
    }
    viewer_ = new std::string(cluster_->user_kubeconfig("viewer"));
    auditor_ = new std::string(cluster_->user_kubeconfig("auditor"));
    ready_ = !viewer_->empty() && !auditor_->empty();
  }

  static void TearDownTestSuite() {
    delete viewer_;
    delete auditor_;
    delete cluster_;
    delete dir_;
    viewer_ = auditor_ = nullptr;
    cluster_ = nullptr;
    dir_ = nullptr;
  }

  void SetUp() override { ASSERT_TRUE(ready_) << "the cluster, the platform and the users are set up (see above)"; }

  static testing::CommandResult bg(const std::string& args, const std::string& kubeconfig) {
    return run_command(testing::binary() + " " + args + " --kubeconfig " + kubeconfig);
  }

  // The resourceVersion of every object the platform owns, and the ApplySet parent's: equal before
  // and after means nothing was written or deleted.
  static std::map<std::string, std::string> owned() {
    auto objects = testing::cluster_objects(cluster_->kubeconfig());
    std::set<std::string> members = testing::applyset_members(objects, testing::platform_applyset());
    std::map<std::string, std::string> out;
    for (const json& o : objects) {
      std::string ref = apply::ObjectRef::of(o).str();
      bool parent = o.value("kind", "") == "Secret" && o["metadata"].value("name", "") == "betelgeuse-betelgeusebytes";
      if (members.count(ref) || parent) out[ref] = o["metadata"].value("resourceVersion", "");
    }
    EXPECT_GT(out.size(), 50u) << "the platform is there to be compared";
    return out;
  }

  // `r` is a refusal: exit 3, the server's Forbidden message for `user` (its start in `cause`), the
  // hint, and no table.
  static void expect_forbidden(const testing::CommandResult& r, const std::string& cause) {
    EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
    EXPECT_NE(r.err.find(cause), std::string::npos) << r.err;
    EXPECT_EQ(r.err.substr(r.err.find("\nhint: ") == std::string::npos ? 0 : r.err.find("\nhint: ")), kHint) << r.err;
    EXPECT_EQ(r.out.find("Plan: "), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("COMPONENT"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("deleted"), std::string::npos) << r.out;
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline testing::RealCluster* cluster_ = nullptr;
  static inline std::string spec_, changed_;
  static inline std::string* viewer_ = nullptr;
  static inline std::string* auditor_ = nullptr;
  static inline bool ready_ = false;
};

TEST_F(ReadOnlyUser, StatusShowsEveryComponentWithoutAnyRightOnSecrets) {
  auto r = bg("status " + spec_, *viewer_);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("COMPONENT ", 0), 0u) << r.out;
  for (const char* component : {"\ncert-manager ", "\ngrafana ", "\ningress-nginx ", "\npostgres "}) {
    std::size_t row = r.out.find(component);
    ASSERT_NE(row, std::string::npos) << component << "\n" << r.out;
    EXPECT_NE(r.out.substr(row, r.out.find('\n', row + 1) - row).find(" Current "), std::string::npos) << r.out;
  }
  EXPECT_EQ(r.out.find("NotFound"), std::string::npos) << r.out;
}

TEST_F(ReadOnlyUser, WithoutSecretsEveryOtherCommandIsForbiddenAndNothingIsWritten) {
  auto before = owned();
  // plan and diff list the generated Secrets (do they exist yet?); apply, destroy and secrets
  // rotate read the ApplySet parent, a Secret, before anything else.
  const std::string list = "Forbidden: secrets is forbidden: User \"viewer\" cannot list resource \"secrets\" in API group \"\" at the cluster scope";
  const std::string get = "Forbidden: secrets \"betelgeuse-betelgeusebytes\" is forbidden: User \"viewer\" cannot get resource "
                          "\"secrets\" in API group \"\" in the namespace \"betelgeuse-system\"";
  for (const auto& [command, cause] : std::vector<std::pair<std::string, std::string>>{
           {"plan " + spec_, list},
           {"diff " + spec_, list},
           {"apply " + changed_, "betelgeuse: apply stopped: " + get},
           {"destroy " + spec_ + " --yes", "betelgeuse: destroy stopped: " + get},
           {"secrets rotate postgres-admin --spec " + spec_, get}}) {
    SCOPED_TRACE(command);
    expect_forbidden(bg(command, *viewer_), cause);
  }
  EXPECT_EQ(owned(), before);
}

TEST_F(ReadOnlyUser, AConvergedPlatformNeedsOnlyReadRightsToPlanDiffAndApply) {
  auto before = owned();
  auto plan = bg("plan " + spec_, *auditor_);
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("\nPlan: 0 to create, 0 to update, 66 unchanged, 0 to prune\n"), std::string::npos) << plan.out;
  auto diff = bg("diff " + spec_, *auditor_);
  EXPECT_EQ(diff.exit_code, 0) << diff.out << diff.err;
  EXPECT_EQ(diff.out, "");
  // Nothing differs, so apply has nothing to write and says so: it never writes what is already there.
  auto apply = bg("apply " + spec_, *auditor_);
  EXPECT_EQ(apply.exit_code, 0) << apply.out << apply.err;
  EXPECT_NE(apply.out.find("0 created, 0 configured, 66 unchanged, 0 pruned"), std::string::npos) << apply.out;
  EXPECT_EQ(owned(), before);
}

TEST_F(ReadOnlyUser, AChangeIsPlannedButDiffAndApplyAreForbiddenAndNothingIsWritten) {
  auto before = owned();
  auto plan = bg("plan " + changed_, *auditor_);
  EXPECT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("\n  + apps/v1 Deployment observability/kube-state-metrics  (wave 3)\n"), std::string::npos) << plan.out;
  EXPECT_NE(plan.out.find("\nPlan: 6 to create, 0 to update, 66 unchanged, 0 to prune\n"), std::string::npos) << plan.out;
  // diff's server-side dry run is authorized as the write it simulates.
  const std::string cannot_patch = "is forbidden: User \"auditor\" cannot patch resource ";
  expect_forbidden(bg("diff " + changed_, *auditor_), cannot_patch);
  auto apply = bg("apply " + changed_, *auditor_);
  expect_forbidden(apply, cannot_patch);
  EXPECT_EQ(apply.err.rfind("betelgeuse: apply stopped: Forbidden: ", 0), 0u) << apply.err;
  auto rotate = bg("secrets rotate postgres-admin --spec " + spec_, *auditor_);
  expect_forbidden(rotate, "betelgeuse: apply stopped: Forbidden: secrets \"postgres-admin\" is forbidden: User \"auditor\" cannot patch "
                           "resource \"secrets\" in API group \"\" in the namespace \"db\"");
  EXPECT_EQ(owned(), before);
  auto created = testing::kubectl(cluster_->kubeconfig(), {"get", "deployment,clusterrole", "-A", "-o", "name",
                                                           "--field-selector", "metadata.name=kube-state-metrics"});
  EXPECT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, "") << "apply created nothing";
}

TEST_F(ReadOnlyUser, DestroyIsForbiddenAndDeletesNothing) {
  auto before = owned();
  auto r = bg("destroy " + spec_ + " --yes", *auditor_);
  expect_forbidden(r, "is forbidden: User \"auditor\" cannot delete resource ");
  EXPECT_EQ(r.err.rfind("betelgeuse: destroy stopped: Forbidden: ", 0), 0u) << r.err;
  EXPECT_EQ(owned(), before);
  auto status = bg("status " + spec_, cluster_->kubeconfig());
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
}

}  // namespace
}  // namespace bg::cli
