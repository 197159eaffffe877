// The crds trait: a component's CustomResourceDefinitions come and go with it, and they are valid.
#include <gtest/gtest.h>

#include <set>

#include "catalog/catalog.h"
#include "catalog/crds.h"
#include "check/checker.h"
#include "check/finding.h"
#include "check/json_node.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::render {
namespace {

using manifest::Json;

std::set<std::string> crd_names(const manifest::ObjectSet& objects) {
  std::set<std::string> out;
  for (const manifest::Object& o : objects.objects())
    if (o.body["kind"] == "CustomResourceDefinition") out.insert(o.body["metadata"]["name"].get<std::string>());
  return out;
}

const std::set<std::string> kCertManager = {
    "certificates.cert-manager.io", "issuers.cert-manager.io",     "clusterissuers.cert-manager.io",
    "certificaterequests.cert-manager.io", "orders.acme.cert-manager.io", "challenges.acme.cert-manager.io"};
const std::set<std::string> kArgo = {
    "workflows.argoproj.io",           "workflowtemplates.argoproj.io",      "cronworkflows.argoproj.io",
    "clusterworkflowtemplates.argoproj.io", "workflowtaskresults.argoproj.io", "workflowtasksets.argoproj.io",
    "workflowartifactgctasks.argoproj.io",  "workfloweventbindings.argoproj.io"};

std::set<std::string> both(std::set<std::string> a, const std::set<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

TEST(Crds, TheExampleRendersExactlyTheCrdsOfCertManagerAndArgo) {
  pipeline::PipelineResult r = pipeline::run_text(testing::example_spec(), "p.yaml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(crd_names(r.objects), both(kCertManager, kArgo));
  const manifest::Object* wf = r.objects.find({"apiextensions.k8s.io", "CustomResourceDefinition"}, "", "workflows.argoproj.io");
  ASSERT_NE(wf, nullptr);
  EXPECT_EQ(wf->from.component, "argo-workflows");
  EXPECT_EQ(wf->body["metadata"]["labels"]["app.kubernetes.io/managed-by"], "betelgeuse");
  // The full schema, not a stand-in: Workflow's spec has its fields.
  EXPECT_TRUE(wf->body["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"].contains("templates"));
  EXPECT_EQ(wf->body.dump().find("\"description\":\""), std::string::npos);  // a property may be named so
}

TEST(Crds, SwitchingCertManagerOffRemovesItsCrdsWebhookAndInjector) {
  // The skeleton without its UI (a UI needs cert-manager for TLS), and with the webhook and the
  // injector left to follow cert-manager rather than switched off by name.
  std::string text = testing::skeleton_spec();
  for (const char* part : {"    cert-manager-webhook: {enabled: false}\n", "    cert-manager-cainjector: {enabled: false}\n"})
    text.erase(text.find(part), std::string(part).size());
  pipeline::PipelineResult on = pipeline::run_text(testing::with_disabled(text, {"grafana"}), "p.yaml");
  ASSERT_TRUE(on.ok()) << render_diagnostics(on.diagnostics, on.sources, false);
  EXPECT_EQ(crd_names(on.objects), kCertManager);
  ASSERT_NE(on.platform.find("cert-manager-webhook"), nullptr);
  ASSERT_NE(on.platform.find("cert-manager-cainjector"), nullptr);

  pipeline::PipelineResult off = pipeline::run_text(testing::with_disabled(text, {"grafana", "cert-manager"}), "p.yaml");
  ASSERT_TRUE(off.ok()) << render_diagnostics(off.diagnostics, off.sources, false);
  EXPECT_EQ(crd_names(off.objects), std::set<std::string>{});
  EXPECT_EQ(off.platform.find("cert-manager-webhook"), nullptr);
  EXPECT_EQ(off.platform.find("cert-manager-cainjector"), nullptr);
  EXPECT_TRUE(off.findings.empty()) << render_diagnostics(check::to_diagnostics(off.findings), {}, false);
  for (const manifest::Object& o : off.objects.objects()) EXPECT_EQ(o.body.dump().find("cert-manager"), std::string::npos) << o.id().str();
}

TEST(Crds, SwitchingArgoOffRemovesItsCrds) {
  pipeline::PipelineResult r =
      pipeline::run_text(testing::with_disabled(testing::example_spec(), {"argo-workflows", "argo-server"}), "p.yaml");
  ASSERT_TRUE(r.ok()) << render_diagnostics(r.diagnostics, r.sources, false);
  EXPECT_EQ(crd_names(r.objects), kCertManager);
  EXPECT_TRUE(r.findings.empty()) << render_diagnostics(check::to_diagnostics(r.findings), {}, false);
}

TEST(Crds, EveryBuiltInCrdNamedByABlueprintIsAValidCrd) {
  check::Checker checker(check::SchemaSet::builtin(), false);
  std::size_t n = 0;
  for (const auto& [name, bp] : catalog::Catalog::builtin().all()) {
    for (const std::string& file : bp.crds) {
      const Json* crd = catalog::find_crd(file);
      ASSERT_NE(crd, nullptr) << file;
      checker.add_document(check::node_of(*crd), file);
      ++n;
    }
  }
  EXPECT_EQ(n, 14u);
  std::vector<check::Finding> findings = checker.finish();
  EXPECT_TRUE(findings.empty()) << render_diagnostics(check::to_diagnostics(findings), {}, false);
}

TEST(Crds, AnUnknownCrdFileIsACatalogError) {
  catalog::Catalog c;
  Diagnostics diags;
  EXPECT_FALSE(c.add("name: x\ndescription: x\nlayer: data\nnamespace: x\nimage: x:1\ncrds: [nope.json]\n", "x.yaml", diags));
  EXPECT_NE(render_diagnostics(diags, {}, false).find("no CustomResourceDefinition \"nope.json\" is built in"),
            std::string::npos);
}

}  // namespace
}  // namespace bg::render
