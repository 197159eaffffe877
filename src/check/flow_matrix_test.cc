#include "check/flow_matrix.h"

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace bg::check {
namespace {

std::vector<std::string> matrix(const std::string& yaml) {
  yaml::LoadResult r = yaml::load(yaml, "t.yaml");
  EXPECT_TRUE(r.diagnostics.empty());
  std::vector<yaml::Node> objects;
  for (yaml::Document& d : r.documents) objects.push_back(std::move(d.root));
  return flow_matrix(objects);
}

// Deployment `name` in `ns` with label app=`name` and container ports `ports`.
std::string deployment(const std::string& ns, const std::string& name, const std::string& ports) {
  return "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: " + ns +
         "}\nspec:\n  selector: {matchLabels: {app: " + name + "}}\n  template:\n    metadata: {labels: {app: " + name +
         "}}\n    spec:\n      containers: [{name: c, image: x:1, ports: " + ports + "}]\n";
}

constexpr const char* kDenyShop = "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\n"
                                  "spec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n";

TEST(FlowMatrix, WithoutPoliciesEveryPodReachesEveryPortOfTheOthers) {
  std::string set = deployment("shop", "web", "[{name: http, containerPort: 8080}]") +
                    deployment("shop", "db", "[{containerPort: 5432}]");
  EXPECT_EQ(matrix(set), (std::vector<std::string>{"shop/db -> shop/web:8080 (http)", "shop/web -> shop/db:5432"}));
}

TEST(FlowMatrix, OnlyWhatBothEndsAllow) {
  std::string set = std::string(kDenyShop) + deployment("shop", "web", "[{name: http, containerPort: 8080}]") +
                    deployment("shop", "db", "[{name: pg, containerPort: 5432}, {name: admin, containerPort: 8000}]") +
                    R"(---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress: [{to: [{podSelector: {matchLabels: {app: db}}}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: pg}]}]
)";
  EXPECT_EQ(matrix(set), (std::vector<std::string>{"shop/web -> shop/db:5432 (pg)"}));
}

TEST(FlowMatrix, ADeniedSetAllowsNothing) {
  EXPECT_EQ(matrix(std::string(kDenyShop) + deployment("shop", "web", "[{containerPort: 80}]") +
                   deployment("shop", "api", "[{containerPort: 80}]")),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace bg::check
