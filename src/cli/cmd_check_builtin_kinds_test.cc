// End-to-end tests of `betelgeuse check` on Kubernetes' own kinds beyond the ones Betelgeuse
// renders (Pod, ReplicaSet, EndpointSlice, Lease, ...): each is validated strictly, and no
// built-in kind is ever answered with the "--crd FILE" hint meant for custom resources (issue 27).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "testing/fixtures.h"

namespace bg::cli {
namespace {

using testing::run_command;
using testing::TempDir;

std::string bg(const std::string& args) { return testing::binary() + " " + args; }

// Each namespace that runs workloads needs a default-deny policy (rule default-deny); the Pod and
// ReplicaSet samples bring theirs so that a clean object gives no finding at all.
constexpr const char* kDenyAll = R"(apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
)";

// A Pod spec every principle accepts, at the indentation of a Pod's `spec:` fields.
constexpr const char* kPodSpec = R"(  securityContext:
    runAsNonRoot: true
    runAsUser: 1000
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        allowPrivilegeEscalation: false
      resources:
        requests: {cpu: 100m, memory: 64Mi}
        limits: {cpu: 500m, memory: 128Mi}
      readinessProbe:
        httpGet: {path: /, port: 8080}
      livenessProbe:
        httpGet: {path: /, port: 8080}
)";

// kPodSpec indented `extra` more spaces (a ReplicaSet nests it in spec.template).
std::string pod_spec(std::size_t extra) {
  std::string out, text = kPodSpec;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    out += std::string(extra, ' ') + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

struct Sample {
  std::string name, valid, typo_line;  // typo_line: inserted at the end, one unknown field
};

std::vector<Sample> samples() {
  return {
      {"pod", std::string(kDenyAll) + "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n" + pod_spec(0),
       "  restartPolicyy: Always\n"},
      {"replicaset",
       std::string(kDenyAll) +
           "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n  replicas: 1\n"
           "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n"
           "    spec:\n" +
           pod_spec(4),
       "  replicass: 2\n"},
      {"endpointslice",
       "apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: web-1\n"
       "  labels: {kubernetes.io/service-name: web}\naddressType: IPv4\nports:\n  - name: http\n    port: 80\n"
       "    protocol: TCP\nendpoints:\n  - addresses: [10.0.0.1]\n    conditions: {ready: true}\n",
       "endpointz: []\n"},
      {"lease",
       "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: leader\nspec:\n"
       "  holderIdentity: pod-a\n  leaseDurationSeconds: 15\n",
       "  renewTim: \"2024-01-01T00:00:00.000000Z\"\n"},
  };
}

// Writes `text` to a file `name` in `tmp` and checks it.
struct Checked {
  std::string path;
  testing::CommandResult r;
};
Checked check_text(const TempDir& tmp, const std::string& name, const std::string& text) {
  Checked c{tmp / name, {}};
  std::ofstream(c.path) << text;
  c.r = run_command(bg("check " + c.path));
  return c;
}

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(CheckBuiltinKinds, AValidPodReplicaSetEndpointSliceAndLeaseGiveNoFinding) {
  TempDir tmp;
  for (const Sample& s : samples()) {
    std::ofstream(tmp / (s.name + ".yaml")) << s.valid;
    auto r = run_command(bg("check " + tmp / (s.name + ".yaml")));
    const int objects = s.valid.find("NetworkPolicy") == std::string::npos ? 1 : 2;
    EXPECT_EQ(r.exit_code, 0) << s.name << "\n" << r.out << r.err;
    EXPECT_EQ(r.out, std::to_string(objects) + (objects == 1 ? " object" : " objects") + " checked, 0 findings\n")
        << s.name;
  }
}

TEST(CheckBuiltinKinds, AnUnknownFieldIsTheStrictErrorAtItsLine) {
  TempDir tmp;
  struct Want {
    std::string object_field, key, did_you_mean;
  };
  const std::map<std::string, Want> want = {
      {"pod", {"Pod web spec.restartPolicyy", "restartPolicyy", "restartPolicy"}},
      {"replicaset", {"apps/ReplicaSet web spec.replicass", "replicass", "replicas"}},
      {"endpointslice", {"discovery.k8s.io/EndpointSlice web-1 endpointz", "endpointz", "endpoints"}},
      {"lease", {"coordination.k8s.io/Lease leader spec.renewTim", "renewTim", "renewTime"}},
  };
  for (const Sample& s : samples()) {
    const std::string path = tmp / (s.name + ".yaml");
    std::ofstream(path) << s.valid << s.typo_line;
    auto r = run_command(bg("check " + path));
    const Want& w = want.at(s.name);
    const std::string objects = s.valid.find("NetworkPolicy") == std::string::npos ? "1 object" : "2 objects";
    const std::string indent = s.typo_line.substr(0, s.typo_line.find_first_not_of(' '));
    const std::string line = s.typo_line.substr(0, s.typo_line.size() - 1);
    EXPECT_EQ(r.exit_code, 1) << s.name;
    EXPECT_EQ(r.out, path + ": 1 finding (1 error)\n" + path + ":" + std::to_string(lines(s.valid) + 1) + ":" +
                         std::to_string(indent.size() + 1) + ": error: " + w.object_field +
                         ": unknown field \"" + w.key + "\" [schema]\n  " + line + "\n  " + indent + "^\n" +
                         "  hint: did you mean \"" + w.did_you_mean + "\"?\n\n" +
                         objects + " checked, 1 finding (1 error)\n")
        << s.name;
  }
}

// A built-in kind at an apiVersion that does not serve it, one that Betelgeuse has no schema for
// and a typo of one: none is sent to a CRD. "@" in `out` stands for the file's path.
TEST(CheckBuiltinKinds, ABuiltinGroupsKindIsNeverSentToACrd) {
  struct Case {
    std::string name, input, out;
  };
  const std::vector<Case> cases = {
      {"old.yaml",
       "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: web\n---\n"
       "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\n",
       "@: 2 findings (2 errors)\n"
       "@:1:13: error: extensions/Deployment web apiVersion: Kubernetes 1.32 does not serve Deployment at apiVersion "
       "extensions/v1beta1 [schema]\n"
       "  apiVersion: extensions/v1beta1\n              ^\n  hint: use apiVersion: apps/v1\n"
       "@:6:13: error: autoscaling/HorizontalPodAutoscaler web apiVersion: Kubernetes 1.32 does not serve "
       "HorizontalPodAutoscaler at apiVersion autoscaling/v2beta2 [schema]\n"
       "  apiVersion: autoscaling/v2beta2\n              ^\n"
       "  hint: use apiVersion: autoscaling/v1 or autoscaling/v2\n\n"
       "2 objects checked, 2 findings (2 errors)\n"},
      {"kinds.yaml",
       "apiVersion: storage.k8s.io/v1\nkind: VolumeAttachment\nmetadata:\n  name: va\n---\n"
       "apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: web\n",
       "@: 2 findings (2 warnings)\n"
       "@:2:7: warning: storage.k8s.io/VolumeAttachment va: no schema for storage.k8s.io/v1 VolumeAttachment; the "
       "object was not validated [unknown-kind]\n"
       "  kind: VolumeAttachment\n        ^\n"
       "  hint: this apiVersion belongs to Kubernetes itself, so no CustomResourceDefinition defines it; Betelgeuse "
       "has no schema for this kind\n"
       "@:7:7: warning: apps/Deploymnet web: no schema for apps/v1 Deploymnet; the object was not validated "
       "[unknown-kind]\n"
       "  kind: Deploymnet\n        ^\n  hint: did you mean \"Deployment\"?\n\n"
       "2 objects checked, 2 findings (2 warnings)\n"},
  };
  TempDir tmp;
  for (const Case& c : cases) {
    auto [path, r] = check_text(tmp, c.name, c.input);
    std::string want;
    for (char ch : c.out) want += ch == '@' ? path : std::string(1, ch);
    EXPECT_EQ(r.exit_code, 1) << c.name;
    EXPECT_EQ(r.out, want) << c.name;
  }
}

// Every kind one applies: those of the reference schemas the bundle is generated from (when the
// checkout sits beside them) and those the embedded bundle marks built-in. A minimal object of
// each is checked; none may be unknown, and none may get the --crd hint.
TEST(CheckBuiltinKinds, NoBuiltinKindGetsTheCrdHint) {
  namespace fs = std::filesystem;
  std::set<std::pair<std::string, std::string>> kinds;  // apiVersion, kind
  std::set<std::pair<std::string, std::string>> from_reference;
  auto add = [&](const nlohmann::json& gvk, bool reference) {
    std::string g = gvk["group"], v = gvk["version"], k = gvk["kind"];
    auto key = std::make_pair(g.empty() ? v : g + "/" + v, k);
    kinds.insert(key);
    if (reference) from_reference.insert(key);
  };
  const std::string ref = testing::source_path("../shared/reference/k8s-schemas/v1.32.2-standalone-strict");
  std::error_code ec;
  if (fs::is_directory(ref, ec)) {
    for (const auto& e : fs::directory_iterator(ref)) {
      nlohmann::json s = nlohmann::json::parse(testing::read_file(e.path().string()));
      const nlohmann::json& props = s["properties"];
      for (const auto& gvk : s.value("x-kubernetes-group-version-kind", nlohmann::json::array())) {
        std::string k = gvk["kind"];
        bool applied = props.contains("apiVersion") && props.contains("kind") && props.contains("metadata");
        if (applied && (k.size() < 4 || k.substr(k.size() - 4) != "List")) add(gvk, true);
      }
    }
  }
  std::ifstream bundle(testing::source_path("data/schema-bundle.json"));
  nlohmann::json b = nlohmann::json::parse(bundle);
  for (const auto& k : b["kinds"]) {
    if (k.value("builtin", false)) add(k, false);
  }
  EXPECT_GE(kinds.size(), 50u);
  if (!from_reference.empty()) {
    EXPECT_GE(from_reference.size(), 50u);
  }

  TempDir tmp;
  std::string all;
  for (const auto& [api_version, kind] : kinds)
    all += "apiVersion: " + api_version + "\nkind: " + kind + "\nmetadata:\n  name: x\n---\n";
  std::ofstream(tmp / "all.yaml") << all;
  auto r = run_command(bg("check -o json --fail-on none " + tmp / "all.yaml"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json out = nlohmann::json::parse(r.out);
  for (const auto& f : out["findings"]) {
    EXPECT_NE(f["rule"], "unknown-kind") << f.dump();
    EXPECT_EQ(f.dump().find("--crd"), std::string::npos) << f.dump();
  }
  EXPECT_EQ(r.out.find("--crd"), std::string::npos);
}

// A platform file given to check is named for what it is, and sent to plan, not to a CRD.
TEST(CheckBuiltinKinds, APlatformFileIsSentToPlanNotToACrd) {
  TempDir tmp;
  auto [path, r] = check_text(tmp, "platform.yaml",
                              "apiVersion: platform.betelgeusebytes.io/v1alpha1\nkind: Platform\nmetadata:\n  name: p\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, path + ": 1 finding (1 warning)\n" + path +
                       ":2:7: warning: platform.betelgeusebytes.io/Platform p: a Betelgeuse platform file, not a "
                       "Kubernetes object; check validates manifests [unknown-kind]\n"
                       "  kind: Platform\n        ^\n"
                       "  hint: run `betelgeuse plan FILE`: it validates the platform file and checks every object "
                       "it renders\n\n1 object checked, 1 finding (1 warning)\n");
}

}  // namespace
}  // namespace bg::cli
