#include "apply/waves.h"

#include <gtest/gtest.h>

#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::apply {
namespace {

using manifest::Object;

Object make(const char* api_version, const char* kind, const char* ns, const char* name, const char* component) {
  Object o;
  o.body = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (*ns) o.body["metadata"]["namespace"] = ns;
  o.from.component = component;
  return o;
}

Object crd(const char* group, const char* kind, const char* component) {
  Object o = make("apiextensions.k8s.io/v1", "CustomResourceDefinition", "", kind, component);
  o.body["spec"] = {{"group", group}, {"names", {{"kind", kind}}}};
  return o;
}

// Wave names with their members' names, for exact comparison.
std::vector<std::string> layout(const std::vector<Object>& objects, const std::map<std::string, std::vector<std::string>>& deps) {
  auto waves = plan_waves(objects, deps);
  EXPECT_TRUE(waves.is_ok()) << waves.status().message();
  std::vector<std::string> out;
  if (!waves.is_ok()) return out;
  for (const Wave& w : *waves) {
    std::string line = w.name + " =";
    for (std::size_t i : w.members) line += " " + objects[i].name();
    out.push_back(line);
  }
  return out;
}

TEST(Waves, DefinitionsThenPoliciesThenDependencyLevelsThenExposure) {
  std::vector<Object> objects = {
      make("networking.k8s.io/v1", "Ingress", "ml", "mlflow", "mlflow"),
      make("apps/v1", "Deployment", "ml", "mlflow", "mlflow"),
      make("apps/v1", "StatefulSet", "db", "postgres", "postgres"),
      make("apps/v1", "StatefulSet", "storage", "minio", "minio"),
      make("networking.k8s.io/v1", "NetworkPolicy", "db", "default-deny", ""),
      make("v1", "Namespace", "", "db", ""),
      make("v1", "PersistentVolume", "", "data-postgres-0", "postgres"),
  };
  std::map<std::string, std::vector<std::string>> deps = {{"mlflow", {"postgres", "minio"}}};
  EXPECT_EQ(layout(objects, deps), (std::vector<std::string>{"definitions = db data-postgres-0", "policies = default-deny",
                                                             "level 0: minio postgres = postgres minio",
                                                             "level 1: mlflow = mlflow", "exposure = mlflow"}));
}

TEST(Waves, AComponentUsingAnotherComponentsCustomKindComesAfterIt) {
  std::vector<Object> objects = {
      make("monitoring.example.com/v1", "Scrape", "app", "app-scrape", "app"),
      make("apps/v1", "Deployment", "app", "app", "app"),
      crd("monitoring.example.com", "Scrape", "operator"),
      make("apps/v1", "Deployment", "ops", "operator", "operator"),
  };
  EXPECT_EQ(layout(objects, {}), (std::vector<std::string>{"definitions = Scrape", "level 0: operator = operator",
                                                           "level 1: app = app-scrape app"}));
}

TEST(Waves, AnOperatorsOwnCustomResourcesWaitForTheOperatorToRun) {
  std::vector<Object> objects = {
      crd("example.com", "Widget", "operator"),
      make("apps/v1", "Deployment", "ops", "operator", "operator"),
      make("example.com/v1", "Widget", "ops", "default-widget", "operator"),
  };
  EXPECT_EQ(layout(objects, {}), (std::vector<std::string>{"definitions = Widget", "level 0: operator = operator",
                                                           "level 1: operator = default-widget"}));
}

TEST(Waves, EdgesToAbsentComponentsOrderNothing) {
  std::vector<Object> objects = {make("apps/v1", "Deployment", "a", "a", "a")};
  EXPECT_EQ(layout(objects, {{"a", {"gone"}}}), (std::vector<std::string>{"level 0: a = a"}));
}

TEST(Waves, ACycleIsAnErrorNamingItsComponents) {
  std::vector<Object> objects = {make("apps/v1", "Deployment", "a", "a", "a"), make("apps/v1", "Deployment", "b", "b", "b"),
                                 make("apps/v1", "Deployment", "c", "c", "c")};
  auto waves = plan_waves(objects, {{"a", {"b"}}, {"b", {"a"}}});
  ASSERT_FALSE(waves.is_ok());
  EXPECT_EQ(waves.status().message(),
            "the dependencies of these components form a cycle: a, b; remove one of the edges between them");
}

TEST(Waves, EveryObjectIsInExactlyOneWave) {
  std::vector<Object> objects;
  for (const char* c : {"x", "y", "z"}) {
    objects.push_back(make("v1", "Service", c, c, c));
    objects.push_back(make("networking.k8s.io/v1", "Ingress", c, c, c));
  }
  auto waves = plan_waves(objects, {{"y", {"x"}}, {"z", {"y"}}});
  ASSERT_TRUE(waves.is_ok());
  std::vector<int> seen(objects.size());
  for (const Wave& w : *waves)
    for (std::size_t i : w.members) ++seen[i];
  EXPECT_EQ(seen, std::vector<int>(objects.size(), 1));
  EXPECT_EQ(waves->size(), 4u);
}

// A CRD is gated by the first wave that sends its kind, or by the last wave when none does; an
// object that is not a CRD has no gate.
TEST(Waves, ACrdIsGatedByTheFirstWaveThatSendsItsKindOrTheLast) {
  std::vector<Object> objects = {
      crd("cert-manager.io", "ClusterIssuer", "cert-manager"),
      crd("argoproj.io", "Workflow", "argo"),
      make("v1", "Namespace", "", "db", ""),
      make("apps/v1", "Deployment", "cert-manager", "cert-manager", "cert-manager"),
      make("apps/v1", "Deployment", "automation", "argo", "argo"),
      make("cert-manager.io/v1", "ClusterIssuer", "", "letsencrypt", ""),
  };
  auto waves = plan_waves(objects, {});
  ASSERT_TRUE(waves.is_ok());
  std::map<std::size_t, std::size_t> gates = crd_gates(objects, *waves);
  ASSERT_EQ(gates.size(), 2u);
  EXPECT_EQ((*waves)[gates.at(0)].name, "exposure");  // the ClusterIssuer's wave
  EXPECT_EQ(gates.at(1), waves->size() - 1);           // no Workflow anywhere: the last wave
}

// The first wave that sends a kind gates its CRD, even when that is the very next one.
TEST(Waves, ACrdIsGatedByTheNextWaveWhenItSendsTheKind) {
  std::vector<Object> objects = {crd("example.com", "Widget", ""), make("example.com/v1", "Widget", "", "w", ""),
                                 make("v1", "ConfigMap", "ns", "cm", "")};
  auto waves = plan_waves(objects, {});
  ASSERT_TRUE(waves.is_ok());
  ASSERT_EQ(waves->size(), 2u);  // definitions, policies
  EXPECT_EQ(crd_gates(objects, *waves), (std::map<std::size_t, std::size_t>{{0, 1}}));
}

}  // namespace
}  // namespace bg::apply

namespace bg::apply {
namespace {

// The bundled example: namespaces and CRD-free scaffolding first, every Ingress last, and each
// component after the components it depends on.
TEST(Waves, TheExamplePlatformIsOrderedByItsOwnEdges) {
  pipeline::PipelineResult r = pipeline::run_text(testing::example_spec(), "platform.yaml");
  ASSERT_TRUE(r.ok());
  std::map<std::string, std::vector<std::string>> deps;
  for (const auto& c : r.platform.components) deps[c.name] = c.depends_on;
  const auto& objects = r.objects.objects();
  auto waves = plan_waves(objects, deps);
  ASSERT_TRUE(waves.is_ok()) << waves.status().message();
  ASSERT_GE(waves->size(), 3u);
  EXPECT_EQ(waves->front().name, "definitions");
  EXPECT_EQ(waves->back().name, "exposure");
  std::map<std::string, std::size_t> wave_of_component;
  for (std::size_t w = 0; w < waves->size(); ++w)
    for (std::size_t i : (*waves)[w].members) {
      if (objects[i].kind() == "Namespace") {
        EXPECT_EQ(w, 0u) << objects[i].id().str();
      }
      if (objects[i].kind() == "Ingress") {
        EXPECT_EQ(w, waves->size() - 1) << objects[i].id().str();
      }
      if (!objects[i].from.component.empty() && (*waves)[w].name.starts_with("level"))
        wave_of_component.emplace(objects[i].from.component, w);
    }
  for (const auto& [c, needs] : deps)
    for (const std::string& d : needs)
      if (wave_of_component.count(c) && wave_of_component.count(d)) {
        EXPECT_LT(wave_of_component[d], wave_of_component[c]) << c << " needs " << d;
      }
}

}  // namespace
}  // namespace bg::apply
