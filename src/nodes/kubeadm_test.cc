#include "nodes/kubeadm.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "nodes/kubeadm_api.h"
#include "testing/fixtures.h"
#include "testing/nodes_plan.h"
#include "yaml/loader.h"

namespace bg::nodes {
namespace {

using Json = nlohmann::json;

TEST(Kubeadm, EveryKeyWeEmitIsAKnownV1beta4Field) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  std::string spec = testing::example_with_extra_worker();
  // Also a second control plane and a GPU node with a taint: every shape we can emit.
  const std::string worker3 = "name: worker-3\n      role: worker";
  spec.replace(spec.find(worker3), worker3.size(), "name: cp-2\n      role: control-plane");
  auto g = testing::nodes_plan(state, spec);
  int documents = 0;
  for (const Plan* p : {&f.plan, &g.plan}) {
    for (const NodePlan& n : p->nodes) {
      for (const Json& doc : kubeadm_documents(*p, n)) {
        EXPECT_EQ(unknown_fields(doc), std::vector<std::string>{}) << n.name << "\n" << doc.dump(2);
        ++documents;
      }
    }
  }
  EXPECT_EQ(documents, 3 + 3 + 3 + 4);
}

TEST(Kubeadm, TheCheckerCatchesV1beta3ShapesAndUnknownKeys) {
  Json doc = {{"apiVersion", "kubeadm.k8s.io/v1beta4"},
              {"kind", "ClusterConfiguration"},
              {"apiServer", {{"timeoutForControlPlane", "4m0s"}, {"extraArgs", {{"authorization-mode", "Node,RBAC"}}}}},
              {"networking", {{"podSubnet", "10.244.0.0/16"}, {"podCIDR", "x"}}}};
  EXPECT_EQ(unknown_fields(doc), (std::vector<std::string>{
                                     "ClusterConfiguration: apiServer.extraArgs: must be a list of objects",
                                     "ClusterConfiguration: apiServer.timeoutForControlPlane: not a field of the API",
                                     "ClusterConfiguration: networking.podCIDR: not a field of the API"}));
  Json join = {{"apiVersion", "kubeadm.k8s.io/v1beta4"},
               {"kind", "JoinConfiguration"},
               {"discovery", {{"timeout", "5m"}}},
               {"nodeRegistration", {{"kubeletExtraArgs", Json::array({{{"name", "node-ip"}, {"valu", "x"}}})}}}};
  EXPECT_EQ(unknown_fields(join),
            (std::vector<std::string>{"JoinConfiguration: discovery.timeout: not a field of the API",
                                      "JoinConfiguration: nodeRegistration.kubeletExtraArgs[].valu: not a field of the API"}));
  EXPECT_EQ(unknown_fields({{"apiVersion", "kubeadm.k8s.io/v1beta3"}, {"kind", "InitConfiguration"}}),
            std::vector<std::string>{"kubeadm.k8s.io/v1beta3 InitConfiguration: not a known kind"});
}

TEST(Kubeadm, TheApiHostInitsOnTheMeshWithoutKubeProxy) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  std::vector<Json> docs = kubeadm_documents(f.plan, f.plan.api_host());
  ASSERT_EQ(docs.size(), 3u);
  const Json& init = docs[0];
  EXPECT_EQ(init["kind"], "InitConfiguration");
  EXPECT_EQ(init["localAPIEndpoint"]["advertiseAddress"], "10.77.0.1");
  EXPECT_EQ(init["nodeRegistration"]["name"], "cp-1");
  EXPECT_EQ(init["nodeRegistration"]["kubeletExtraArgs"], Json::parse(R"([{"name":"node-ip","value":"10.77.0.1"}])"));
  EXPECT_FALSE(init["nodeRegistration"].contains("taints"));  // kubeadm's control-plane taint
  EXPECT_EQ(init["skipPhases"], Json::array({"addon/kube-proxy"}));
  EXPECT_EQ(init["bootstrapTokens"][0]["token"], f.plan.bootstrap_token.reveal());
  EXPECT_EQ(init["certificateKey"], f.plan.certificate_key.reveal());
  const Json& cluster = docs[1];
  EXPECT_EQ(cluster["kind"], "ClusterConfiguration");
  EXPECT_EQ(cluster["controlPlaneEndpoint"], "10.77.0.1:6443");
  EXPECT_EQ(cluster["networking"]["podSubnet"], "10.244.0.0/16");
  EXPECT_EQ(cluster["networking"]["serviceSubnet"], "10.96.0.0/12");
  EXPECT_EQ(cluster["proxy"]["disabled"], true);
  EXPECT_EQ(cluster["clusterName"], "betelgeusebytes");
  EXPECT_EQ(cluster["controllerManager"]["extraArgs"],
            Json::parse(R"([{"name":"allocate-node-cidrs","value":"false"}])"));
  EXPECT_EQ(docs[2]["kind"], "KubeletConfiguration");
  EXPECT_EQ(docs[2]["cgroupDriver"], "systemd");
  EXPECT_EQ(kubeadm_file_name(f.plan.api_host()), "kubeadm-init.yaml");
}

TEST(Kubeadm, WorkersJoinThroughTheMeshWithThePinnedCa) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  std::vector<Json> docs = kubeadm_documents(f.plan, *f.plan.find("worker-2"));
  ASSERT_EQ(docs.size(), 1u);
  const Json& join = docs[0];
  EXPECT_EQ(join["kind"], "JoinConfiguration");
  EXPECT_EQ(join["discovery"]["bootstrapToken"]["apiServerEndpoint"], "10.77.0.1:6443");
  EXPECT_EQ(join["discovery"]["bootstrapToken"]["caCertHashes"], Json::array({f.plan.ca_cert_hash}));
  EXPECT_FALSE(join["discovery"]["bootstrapToken"].contains("unsafeSkipCAVerification"));
  EXPECT_EQ(join["nodeRegistration"]["kubeletExtraArgs"][0]["value"], "10.77.0.3");
  EXPECT_FALSE(join.contains("controlPlane"));
  const Json gpu = kubeadm_documents(f.plan, *f.plan.find("gpu-1"))[0];
  EXPECT_EQ(gpu["nodeRegistration"]["taints"],
            Json::parse(R"([{"effect":"NoSchedule","key":"nvidia.com/gpu","value":"present"}])"));
}

TEST(Kubeadm, AnotherControlPlaneJoinsAsOne) {
  NodesState state;
  std::string spec = testing::example_with_extra_worker();
  const std::string worker3 = "name: worker-3\n      role: worker";
  spec.replace(spec.find(worker3), worker3.size(), "name: cp-2\n      role: control-plane");
  auto f = testing::nodes_plan(state, spec);
  const Json join = kubeadm_documents(f.plan, *f.plan.find("cp-2"))[0];
  EXPECT_EQ(join["controlPlane"]["localAPIEndpoint"]["advertiseAddress"], "10.77.0.5");
  EXPECT_EQ(join["controlPlane"]["certificateKey"], f.plan.certificate_key.reveal());
  EXPECT_EQ(f.plan.api_host().name, "cp-1");
}

// The ipBlock CIDRs of every NetworkPolicy through which pods reach the API server (or it them).
std::map<std::string, std::set<std::string>> apiserver_cidrs(const manifest::ObjectSet& objects) {
  std::map<std::string, std::set<std::string>> out;
  for (const manifest::Object& o : objects.objects()) {
    const std::string name = o.body["metadata"]["name"];
    if (o.body["kind"] != "NetworkPolicy" || (!name.ends_with("-to-apiserver") && !name.ends_with("-from-apiserver")))
      continue;
    for (auto [dir, side] : {std::pair{"egress", "to"}, std::pair{"ingress", "from"}})
      for (const Json& rule : o.body["spec"].value(dir, Json::array()))
        for (const Json& peer : rule.value(side, Json::array()))
          if (peer.contains("ipBlock")) out[name].insert(peer["ipBlock"]["cidr"].get<std::string>());
  }
  return out;
}

// Regression (issue 24): without `meshAddress` in the spec, kubeadm advertised the allocated mesh
// address while the NetworkPolicies allowed only the public one, cutting pods off the API server.
TEST(Kubeadm, PodsMayReachTheApiServerWhereKubeadmAdvertisesIt) {
  NodesState state;
  for (int run = 0; run < 2; ++run) {  // allocated afresh, then read back from the state
    std::string spec = testing::without_mesh_addresses(testing::skeleton_spec());
    if (run == 1) spec.insert(spec.find("    - name: cp-1"), "    - name: worker-0\n      role: worker\n      publicAddress: 203.0.113.20\n");
    auto f = testing::nodes_plan(state, spec);
    const Json init = kubeadm_documents(f.plan, f.plan.api_host())[0];
    const std::string advertised = init["localAPIEndpoint"]["advertiseAddress"];
    auto policies = apiserver_cidrs(f.pipeline.objects);
    ASSERT_FALSE(policies.empty());
    for (const auto& [name, cidrs] : policies)
      EXPECT_EQ(cidrs.count(advertised + "/32"), 1u) << "run " << run << ": " << name << " misses " << advertised;
  }
  EXPECT_EQ(state.nodes.at("cp-1").mesh_address, "10.77.0.1");  // kept when worker-0 came first in the file
}

TEST(Kubeadm, TheFileIsAYamlStreamOfTheDocuments) {
  NodesState state;
  auto f = testing::example_nodes_plan(state);
  std::string text = kubeadm_file(f.plan, f.plan.api_host());
  EXPECT_EQ(text.rfind("# kubeadm configuration (kubeadm.k8s.io/v1beta4) of node cp-1", 0), 0u);
  yaml::LoadResult loaded = yaml::load(text, "kubeadm-init.yaml");
  ASSERT_TRUE(loaded.diagnostics.empty());
  ASSERT_EQ(loaded.documents.size(), 3u);
  EXPECT_EQ(yaml::to_json(loaded.documents[1].root), kubeadm_documents(f.plan, f.plan.api_host())[1]);
}

}  // namespace
}  // namespace bg::nodes
