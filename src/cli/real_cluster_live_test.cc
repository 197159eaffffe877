// The live commands on the real control plane (scripts/real-cluster.sh: kube-apiserver v1.36 with
// RBAC and Pod Security admission, the real controllers and scheduler, kwok for the kubelets), as a
// user runs them: the real betelgeuse binary over TLS, and kubectl reading what came of it.
//
// What the real server proves that kube-testserver cannot: every object passes the real validation
// and admission at the Pod Security level its namespace is labelled with; the real Deployment,
// ReplicaSet, StatefulSet, DaemonSet and Job controllers roll the workloads out; the real scheduler
// puts each stateful pod on the node its local volume pins, and binds its claim; the garbage
// collector removes what prune deletes.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>

#include "apply/cluster.h"
#include "nodes/cilium.h"
#include "testing/cluster_objects.h"
#include "testing/kube_testserver.h"
#include "testing/nodes_plan.h"
#include "testing/real_cluster.h"

namespace bg::cli {
namespace {

using nlohmann::json;
using testing::run_command;

std::string bg(const std::string& kubeconfig, const std::string& args) {
  return testing::binary() + " " + args + " --kubeconfig " + kubeconfig;
}

std::string versions_env(const std::string& key) {
  std::smatch m;
  std::string text = testing::read_file(testing::source_path("testing/real-cluster/versions.env"));
  if (!std::regex_search(text, m, std::regex("(^|\\n)" + key + "=([^ \\n#]+)"))) return {};
  return m[2];
}

const json& at(const json& o, std::initializer_list<const char*> path) {
  static const json null;
  const json* cur = &o;
  for (const char* k : path) {
    if (!cur->is_object() || !cur->contains(k)) return null;
    cur = &(*cur)[k];
  }
  return *cur;
}

std::string str(const json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

std::string name_of(const json& o) {
  return o.value("kind", "") + " " + str(at(o, {"metadata", "namespace"})) + "/" +
         str(at(o, {"metadata", "name"}));
}

bool has_condition(const json& o, const std::string& type, const std::string& status) {
  for (const json& c : at(o, {"status", "conditions"}))
    if (c.value("type", "") == type && c.value("status", "") == status) return true;
  return false;
}

// Every workload rolled out by the real controllers: the problems, none when all is well.
std::vector<std::string> not_rolled_out(const std::vector<json>& objects) {
  std::vector<std::string> out;
  auto num = [](const json& v) { return v.is_number() ? v.get<long long>() : 0LL; };
  for (const json& o : objects) {
    std::string kind = o.value("kind", "");
    if (kind == "Deployment" || kind == "StatefulSet") {
      long long want = at(o, {"spec", "replicas"}).is_number() ? num(at(o, {"spec", "replicas"})) : 1;
      if (num(at(o, {"status", "readyReplicas"})) != want || num(at(o, {"status", "updatedReplicas"})) != want)
        out.push_back(name_of(o) + " has " + std::to_string(num(at(o, {"status", "readyReplicas"}))) + "/" +
                      std::to_string(want) + " ready");
    } else if (kind == "DaemonSet") {
      long long want = num(at(o, {"status", "desiredNumberScheduled"}));
      if (want == 0 || num(at(o, {"status", "numberReady"})) != want) out.push_back(name_of(o) + " is not ready on every node");
    } else if (kind == "Job") {
      if (!has_condition(o, "Complete", "True")) out.push_back(name_of(o) + " did not complete");
    } else if (kind == "PersistentVolumeClaim") {
      if (at(o, {"status", "phase"}) != "Bound") out.push_back(name_of(o) + " is not Bound");
    } else if (kind == "Pod") {
      std::string phase = str(at(o, {"status", "phase"}));
      if (phase != "Running" && phase != "Succeeded") out.push_back(name_of(o) + " is " + phase);
    }
  }
  return out;
}

// Every pod that mounts a claim runs on the node its PersistentVolume's nodeAffinity names.
std::vector<std::string> pods_off_their_volumes_node(const std::vector<json>& objects, int& checked) {
  std::map<std::string, const json*> claims, volumes;
  for (const json& o : objects) {
    if (o.value("kind", "") == "PersistentVolumeClaim")
      claims[str(at(o, {"metadata", "namespace"})) + "/" + str(at(o, {"metadata", "name"}))] = &o;
    if (o.value("kind", "") == "PersistentVolume") volumes[str(at(o, {"metadata", "name"}))] = &o;
  }
  std::vector<std::string> out;
  for (const json& pod : objects) {
    if (pod.value("kind", "") != "Pod") continue;
    for (const json& v : at(pod, {"spec", "volumes"})) {
      if (!v.contains("persistentVolumeClaim")) continue;
      std::string claim = str(at(pod, {"metadata", "namespace"})) + "/" +
                          v["persistentVolumeClaim"].value("claimName", "");
      auto c = claims.find(claim);
      if (c == claims.end()) {
        out.push_back(name_of(pod) + " mounts the missing claim " + claim);
        continue;
      }
      auto pv = volumes.find(str(at(*c->second, {"spec", "volumeName"})));
      if (pv == volumes.end()) {
        out.push_back(claim + " is bound to no volume");
        continue;
      }
      std::string node = str(at(pod, {"spec", "nodeName"}));
      const json& terms = at(*pv->second, {"spec", "nodeAffinity", "required", "nodeSelectorTerms"});
      std::string pinned = terms.dump();
      ++checked;
      if (node.empty() || pinned.find("\"" + node + "\"") == std::string::npos)
        out.push_back(name_of(pod) + " runs on '" + node + "' but its volume is pinned by " + pinned);
    }
  }
  return out;
}

std::map<std::string, std::string> resource_versions(const std::vector<json>& objects, const std::set<std::string>& refs) {
  std::map<std::string, std::string> out;
  for (const json& o : objects) {
    std::string ref = apply::ObjectRef::of(o).str();
    if (refs.count(ref)) out[ref] = str(at(o, {"metadata", "resourceVersion"}));
  }
  return out;
}

TEST(RealControlPlane, TheExamplesNodesAreReadyLabelledAndTaintedAsTheNodesPlanSays) {
  testing::RealCluster cluster(testing::source_path("examples/betelgeusebytes.yaml"));
  ASSERT_TRUE(cluster.ok());
  auto version = testing::kubectl(cluster.kubeconfig(), {"get", "--raw", "/version"});
  ASSERT_EQ(version.exit_code, 0) << version.err;
  EXPECT_EQ(json::parse(version.out).value("gitVersion", ""), versions_env("K8S_VERSION"));
  // The CRDs the nodes phases install are the versions the product names.
  EXPECT_EQ(versions_env("GATEWAY_API_VERSION"), nodes::kGatewayApiVersion);
  EXPECT_EQ(versions_env("CILIUM_VERSION"), std::string("v") + nodes::kCiliumVersion);

  auto got = testing::kubectl(cluster.kubeconfig(), {"get", "nodes", "-o", "json"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  std::map<std::string, json> live;
  json list = json::parse(got.out);
  for (const json& n : list["items"]) live[n["metadata"]["name"]] = n;
  nodes::NodesState state;
  auto fixture = testing::example_nodes_plan(state);
  ASSERT_EQ(live.size(), fixture.plan.nodes.size());
  for (const nodes::NodePlan& np : fixture.plan.nodes) {
    SCOPED_TRACE(np.name);
    ASSERT_TRUE(live.count(np.name));
    const json& n = live[np.name];
    EXPECT_TRUE(has_condition(n, "Ready", "True"));
    EXPECT_EQ(at(n, {"metadata", "labels", "kubernetes.io/hostname"}), np.name);
    for (const auto& [k, v] : np.labels) EXPECT_EQ(at(n, {"metadata", "labels"}).value(k, "<absent>"), v) << k;
    std::set<std::string> want, have;
    for (const nodes::Taint& t : np.taints) want.insert(t.key + "=" + t.value + ":" + t.effect);
    if (np.control_plane()) want.insert("node-role.kubernetes.io/control-plane=:NoSchedule");  // kubeadm's
    for (const json& t : at(n, {"spec", "taints"})) have.insert(t.value("key", "") + "=" + t.value("value", "") + ":" + t.value("effect", ""));
    EXPECT_EQ(have, want);
  }
}

struct Variant {
  const char* name;
  std::string (*spec)();
};

void PrintTo(const Variant& v, std::ostream* os) { *os << v.name; }

class ExampleOnRealControlPlane : public ::testing::TestWithParam<Variant> {};

TEST_P(ExampleOnRealControlPlane, ConvergesOnTheRealControllersAndAReApplyWritesNothing) {
  testing::TempDir dir;
  std::string spec = dir / "platform.yaml";
  std::ofstream(spec) << GetParam().spec();
  testing::RealCluster cluster(spec);
  ASSERT_TRUE(cluster.ok());

  auto first = run_command(bg(cluster.kubeconfig(), "apply " + spec + " --wave-timeout 180"));
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err << cluster.log_tail("kube-controller-manager");
  EXPECT_NE(first.out.find(" created, 0 configured, 0 unchanged, 0 pruned"), std::string::npos) << first.out;

  auto objects = testing::cluster_objects(cluster.kubeconfig());
  for (const std::string& problem : not_rolled_out(objects)) ADD_FAILURE() << problem;
  int checked = 0;
  for (const std::string& problem : pods_off_their_volumes_node(objects, checked)) ADD_FAILURE() << problem;
  EXPECT_GE(checked, 10) << "the example's stateful components mount their volumes";

  // A second apply sends no write: every object Betelgeuse owns keeps its resourceVersion.
  std::set<std::string> owned = testing::applyset_members(objects, testing::platform_applyset());
  ASSERT_GT(owned.size(), 300u);
  auto before = resource_versions(objects, owned);
  auto second = run_command(bg(cluster.kubeconfig(), "apply " + spec));
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_NE(second.out.find("0 created, 0 configured, "), std::string::npos) << second.out;
  EXPECT_EQ(resource_versions(testing::cluster_objects(cluster.kubeconfig()), owned), before);

  auto status = run_command(bg(cluster.kubeconfig(), "status " + spec));
  EXPECT_EQ(status.exit_code, 0) << status.out << status.err;
  auto diff = run_command(bg(cluster.kubeconfig(), "diff " + spec));
  EXPECT_EQ(diff.exit_code, 0) << diff.out << diff.err;
}

INSTANTIATE_TEST_SUITE_P(
    Backends, ExampleOnRealControlPlane,
    ::testing::Values(Variant{"IngressNginx", &testing::example_spec},
                      Variant{"GatewayApi", &testing::gateway_example_spec},
                      Variant{"IngressNginxWithSso", [] { return testing::with_sso(testing::example_spec()); }},
                      Variant{"GatewayApiWithSso", [] { return testing::with_sso(testing::gateway_example_spec()); }}),
    [](const ::testing::TestParamInfo<Variant>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace bg::cli
