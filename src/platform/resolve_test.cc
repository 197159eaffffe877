#include "platform/resolve.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "spec/loader.h"
#include "testing/fixtures.h"

namespace bg::platform {
namespace {

struct Resolved {
  Platform platform;
  Diagnostics diags;
};

Resolved resolve_text(const std::string& text) {
  spec::LoadedSpec l = spec::load_spec(text, "p.yaml");
  EXPECT_FALSE(l.diagnostics.has_errors()) << render_diagnostics(l.diagnostics, {}, false);
  Resolved r;
  r.platform = resolve(l.spec, catalog::Catalog::builtin(), r.diags);
  return r;
}

// A small valid platform; tests append components.
std::string spec_with(const std::string& components) {
  return "apiVersion: platform.betelgeusebytes.io/v1alpha1\nkind: Platform\nmetadata: {name: t}\n"
         "spec:\n  domain: example.org\n  tls: {email: ops@example.org}\n  nodes:\n"
         "  - {name: cp, role: control-plane, publicAddress: 192.0.2.1}\n"
         "  - {name: w1, role: worker, publicAddress: 192.0.2.2, ssdPath: /ssd}\n"
         "  - {name: w2, role: worker, publicAddress: 192.0.2.3}\n"
         "  components:\n" + components;
}

std::string with_gateway_api(std::string text);

std::vector<std::string> messages(const Diagnostics& d) {
  std::vector<std::string> out;
  for (const Diagnostic& x : d) out.push_back(x.loc.str() + " " + x.message);
  return out;
}

TEST(Resolve, TheExampleResolvesToTheArchitecture) {
  Resolved r = resolve_text(testing::example_spec());
  EXPECT_TRUE(r.diags.empty()) << render_diagnostics(r.diags, {}, false);
  const Platform& p = r.platform;
  ASSERT_NE(p.find("postgres"), nullptr);
  EXPECT_EQ(p.find("postgres")->placement->node, "worker-1");
  EXPECT_EQ(p.find("postgres")->placement->host_path, "/mnt/ssd/db/postgres");
  EXPECT_EQ(p.find("postgres")->tcp.at(0).public_port, 5432);
  EXPECT_EQ(p.find("grafana")->ui->host, "grafana.betelgeusebytes.io");
  EXPECT_EQ(p.find("grafana")->auth, spec::AuthMode::kBasic);
  EXPECT_EQ(p.ingress_addresses, std::vector<std::string>{"203.0.113.10"});
  EXPECT_EQ(p.issuer_name(), "letsencrypt-production");
}

TEST(Resolve, StatefulComponentsDefaultToTheFirstWorkerWithAnSsd) {
  Resolved r = resolve_text(spec_with("    postgres: {}\n"));
  EXPECT_TRUE(r.diags.empty()) << render_diagnostics(r.diags, {}, false);
  EXPECT_EQ(r.platform.find("postgres")->placement->node, "w1");
  EXPECT_TRUE(r.platform.find("postgres")->placement->chosen_by_default);
}

TEST(Resolve, AStatefulComponentOnANodeWithoutAnSsdIsRejected) {
  Resolved r = resolve_text(spec_with("    postgres: {node: w2}\n"));
  EXPECT_EQ(messages(r.diags),
            std::vector<std::string>{"p.yaml:12:22 component \"postgres\" keeps data but node \"w2\" has no ssdPath"});
}

TEST(Resolve, ATcpPortUsedTwiceIsRejected) {
  Resolved r = resolve_text(spec_with("    postgres: {expose: {tcpPort: 443}}\n"));
  EXPECT_EQ(messages(r.diags),
            std::vector<std::string>{"p.yaml:12:34 TCP port 443 of \"postgres\" is already used by the access layer (https)"});
}

TEST(Resolve, SourceRangesRestrictEveryRawTcpPortOfTheComponent) {
  Resolved r = resolve_text(spec_with("    postgres: {expose: {sourceRanges: [203.0.113.0/24, 198.51.100.7/32]}}\n"));
  EXPECT_TRUE(r.diags.empty()) << messages(r.diags)[0];
  const Component* pg = r.platform.find("postgres");
  ASSERT_NE(pg, nullptr);
  ASSERT_EQ(pg->tcp.size(), 1u);
  EXPECT_EQ(pg->tcp[0].source_ranges, (std::vector<std::string>{"203.0.113.0/24", "198.51.100.7/32"}));
}

TEST(Resolve, SourceRangesWithoutRawTcpOrWithTheGatewayApiAreRejected) {
  Resolved r = resolve_text(spec_with("    postgres: {expose: {tcp: false, sourceRanges: [203.0.113.0/24]}}\n"
                                      "    grafana: {expose: {sourceRanges: [203.0.113.0/24]}}\n"));
  EXPECT_EQ(messages(r.diags), (std::vector<std::string>{
                                   "p.yaml:13:38 component \"grafana\" exposes no raw TCP port to restrict",
                                   "p.yaml:12:51 component \"postgres\" exposes no raw TCP port to restrict"}));
  Resolved g = resolve_text(with_gateway_api(spec_with("    postgres: {expose: {sourceRanges: [203.0.113.0/24]}}\n")));
  EXPECT_EQ(messages(g.diags), (std::vector<std::string>{
                                   "p.yaml:13:39 expose.sourceRanges cannot be enforced with `exposure.backend: gateway-api`"}));
  EXPECT_TRUE(g.platform.find("postgres")->tcp[0].source_ranges.empty());
}

TEST(Resolve, AnUnknownComponentGetsDidYouMean) {
  Resolved r = resolve_text(spec_with("    postgress: {}\n"));
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags.items()[0].message, "unknown component \"postgress\"");
  EXPECT_EQ(r.diags.items()[0].hints[0], "did you mean \"postgres\"?");
}

TEST(Resolve, ExposingUisWithTheAccessLayerOffIsRejected) {
  Resolved r = resolve_text(spec_with("    ingress-nginx: {enabled: false}\n"));
  ASSERT_FALSE(r.diags.empty());
  EXPECT_EQ(messages(r.diags)[0],
            "p.yaml:12:30 components are exposed but the access layer (ingress-nginx) is disabled");
}

// Issue 27: the error points at the `enabled: false` that causes it, not at the top of the file.
TEST(Resolve, ExposingUisWithCertManagerOffIsReportedAtItsEnabledFalse) {
  Resolved r = resolve_text(spec_with("    cert-manager: {enabled: false}\n"));
  EXPECT_EQ(messages(r.diags),
            std::vector<std::string>{"p.yaml:12:29 UIs are exposed but cert-manager is disabled, so they would have no TLS"});
}

TEST(Resolve, SwitchingAComponentOffRemovesIt) {
  Resolved r = resolve_text(spec_with("    grafana: {enabled: false}\n"));
  EXPECT_TRUE(r.diags.empty()) << render_diagnostics(r.diags, {}, false);
  EXPECT_EQ(r.platform.find("grafana"), nullptr);
  for (const SecretPlan& s : r.platform.secrets) EXPECT_NE(s.component, "grafana");
}

TEST(Resolve, BasicAuthPlansAnAuthSecretWithGeneratedKeys) {
  Resolved r = resolve_text(spec_with("    grafana: {auth: basic}\n"));
  const SecretPlan* found = nullptr;
  for (const SecretPlan& s : r.platform.secrets)
    if (s.name == "grafana-basic-auth") found = &s;
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->ns, "observability");
  EXPECT_EQ(found->generated, (std::vector<std::string>{"auth", "password"}));
}

TEST(Resolve, StorageOnAStatelessComponentIsRejected) {
  Resolved r = resolve_text(spec_with("    ingress-nginx: {storage: 1Gi}\n"));
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags.items()[0].message, "component \"ingress-nginx\" keeps no data, so it takes no node or storage");
}

std::string with_gateway_api(std::string text) {
  text.replace(text.find("  nodes:"), 0, "  exposure: {backend: gateway-api}\n");
  return text;
}

TEST(Resolve, TheGatewayApiBackendLeavesTheIngressControllerOff) {
  Resolved r = resolve_text(with_gateway_api(spec_with("    ingress-nginx: {replicas: 2}\n    postgres: {}\n")));
  EXPECT_TRUE(r.diags.empty()) << messages(r.diags)[0];
  EXPECT_TRUE(r.platform.gateway_api());
  EXPECT_EQ(r.platform.find("ingress-nginx"), nullptr) << "its settings stay in the file, unused";
  ASSERT_NE(r.platform.find("postgres"), nullptr);
  EXPECT_EQ(r.platform.find("postgres")->tcp.size(), 1u) << "raw TCP goes through the Gateway";
}

TEST(Resolve, AskingForIngressNginxWithTheGatewayApiBackendIsRejected) {
  Resolved r = resolve_text(with_gateway_api(spec_with("    ingress-nginx: {enabled: true}\n")));
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(messages(r.diags)[0],
            "p.yaml:13:30 \"ingress-nginx\" cannot run with `exposure.backend: gateway-api`");
}

TEST(Resolve, ListingAComponentTheCatalogLeavesOffTurnsItOn) {
  EXPECT_EQ(resolve_text(spec_with("    postgres: {}\n")).platform.find("keycloak"), nullptr) << "off by default";
  Resolved r = resolve_text(spec_with("    postgres: {}\n    keycloak: {}\n"));
  EXPECT_TRUE(r.diags.empty());
  ASSERT_NE(r.platform.find("keycloak"), nullptr);
  EXPECT_EQ(r.platform.find("keycloak")->ui->host, "auth.example.org");
  EXPECT_EQ(resolve_text(spec_with("    keycloak: {enabled: false}\n")).platform.find("keycloak"), nullptr);
}

TEST(Resolve, AnUnguardedHttpsUiCannotBeReachedThroughTheGateway) {
  catalog::Catalog cat = catalog::Catalog::builtin();
  Diagnostics cd;
  ASSERT_TRUE(cat.add("name: console\ndescription: d\nlayer: ml\nnamespace: ml\nimage: example.org/console:1.0\n"
                      "ports:\n  - {name: https, port: 8443, expose: http, backendHTTPS: true}\n"
                      "ui: {port: https, host: console}\nresources:\n  requests: {cpu: 10m, memory: 16Mi}\n"
                      "  limits: {cpu: 100m, memory: 64Mi}\n",
                      "console.yaml", cd))
      << render_diagnostics(cd, {}, false);
  auto resolve_with = [&](const std::string& text) {
    spec::LoadedSpec l = spec::load_spec(text, "p.yaml");
    Diagnostics d;
    resolve(l.spec, cat, d);
    return d;
  };
  Diagnostics d = resolve_with(with_gateway_api(spec_with("    console: {auth: none}\n")));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].loc.str(), "p.yaml:13:21");
  EXPECT_EQ(d.items()[0].message,
            "the UI of \"console\" speaks HTTPS, which `exposure.backend: gateway-api` cannot reach without an auth proxy");
  EXPECT_TRUE(resolve_with(with_gateway_api(spec_with("    console: {auth: basic}\n"))).empty());
  EXPECT_TRUE(resolve_with(spec_with("    console: {auth: none}\n")).empty()) << "ingress-nginx speaks HTTPS to it";
}

TEST(Resolve, SsoWithoutKeycloakIsRejectedAtTheAuthField) {
  Resolved r = resolve_text(spec_with("    grafana: {auth: sso}\n"));
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(messages(r.diags)[0], "p.yaml:12:21 \"grafana\" asks for auth: sso, but keycloak is not enabled");
}

TEST(Resolve, SsoNeedsKeycloaksUiExposed) {
  Resolved r = resolve_text(spec_with("    grafana: {auth: sso}\n    keycloak: {expose: {ui: false}}\n"));
  ASSERT_EQ(r.diags.size(), 1u);
  EXPECT_EQ(r.diags.items()[0].message, "\"grafana\" asks for auth: sso, but keycloak's UI is not exposed");
}

TEST(Resolve, AGpuComponentWithoutAGpuNodeIsRejectedWhereItIsEnabled) {
  Resolved r = resolve_text(spec_with("    vllm: {enabled: true}\n"));
  EXPECT_EQ(messages(r.diags),
            std::vector<std::string>{"p.yaml:12:21 component \"vllm\" runs on GPU nodes, but no node has role gpu"});
}

TEST(Resolve, AGpuComponentGoesToAGpuNodeWithAnSsd) {
  std::string text = spec_with("    vllm: {enabled: true}\n");
  text.replace(text.find("  components:"), 0, "  - {name: g1, role: gpu, publicAddress: 192.0.2.9, ssdPath: /nvme}\n");
  Resolved r = resolve_text(text);
  EXPECT_TRUE(r.diags.empty()) << render_diagnostics(r.diags, {}, false);
  EXPECT_EQ(r.platform.find("vllm")->placement->node, "g1");
}

TEST(Resolve, AGpuComponentPlacedOnAWorkerIsRejected) {
  Resolved r = resolve_text(spec_with("    vllm: {enabled: true, node: w1}\n"));
  ASSERT_FALSE(r.diags.empty());
  EXPECT_EQ(messages(r.diags)[0], "p.yaml:12:33 component \"vllm\" runs on GPU nodes, but node \"w1\" has role worker");
}

TEST(Resolve, ARequiredDependencyThatIsDisabledIsRejectedAtItsSwitch) {
  Resolved r = resolve_text(spec_with("    minio: {enabled: false}\n"));
  std::vector<std::string> m = messages(r.diags);
  ASSERT_EQ(m.size(), 2u);  // argo-workflows and mlflow need it
  EXPECT_EQ(m[0], "p.yaml:12:22 component \"argo-workflows\" depends on \"minio\", which is disabled");
  EXPECT_EQ(m[1], "p.yaml:12:22 component \"mlflow\" depends on \"minio\", which is disabled");
}

TEST(Resolve, AnOptionalDependencyDisappearsWithItsProvider) {
  Resolved r = resolve_text(spec_with("    tempo: {enabled: false}\n    otel-collector: {enabled: false}\n"));
  EXPECT_TRUE(r.diags.empty()) << render_diagnostics(r.diags, {}, false);
  const std::vector<std::string>& deps = r.platform.find("grafana")->depends_on;
  EXPECT_EQ(deps, (std::vector<std::string>{"prometheus", "elasticsearch"}));
}

TEST(Resolve, AProvisioningDependencyPlansCredentialsInBothNamespaces) {
  Resolved r = resolve_text(spec_with(""));
  const SecretPlan* found = nullptr;
  for (const SecretPlan& s : r.platform.secrets)
    if (s.name == "mlflow-postgres") found = &s;
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->ns, "ml");
  EXPECT_EQ(found->provider, "postgres");
  EXPECT_EQ(found->mirror_ns, std::vector<std::string>{"db"});
  EXPECT_EQ(found->keys, (std::vector<std::string>{"username", "password", "database"}));
  EXPECT_EQ(found->generated, std::vector<std::string>{"password"});
}

TEST(Resolve, EnvOverridesLiteralSettingsOnly) {
  Resolved r = resolve_text(spec_with("    embeddings: {env: {MODEL_ID: BAAI/bge-m3}}\n"));
  EXPECT_TRUE(r.diags.empty()) << render_diagnostics(r.diags, {}, false);
  EXPECT_EQ(r.platform.find("embeddings")->env.at("MODEL_ID"), "BAAI/bge-m3");
  Resolved bad = resolve_text(spec_with("    embeddings: {env: {MODEL_ID: x, API_KEY: y, MODELID: z}}\n"));
  ASSERT_EQ(bad.diags.size(), 2u);
  EXPECT_EQ(bad.diags.items()[0].message, "component \"embeddings\" has no setting API_KEY to override");
  EXPECT_EQ(bad.diags.items()[1].hints[0], "did you mean \"MODEL_ID\"?");
}

std::string with_network(std::string text, const std::string& network) {
  text.replace(text.find("  nodes:"), 0, "  network: " + network + "\n");
  return text;
}

std::vector<std::string> mesh_addresses(const Platform& p) {
  std::vector<std::string> out;
  for (const Node& n : p.nodes) out.push_back(n.name + " " + n.mesh_address.str());
  return out;
}

TEST(Resolve, TheNetworkDefaultsAndTheNodesMeshAddressesAreResolved) {
  Resolved r = resolve_text(spec_with(""));
  EXPECT_TRUE(r.diags.empty()) << render_diagnostics(r.diags, {}, false);
  EXPECT_EQ(r.platform.network.mesh.str(), "10.77.0.0/24");
  EXPECT_EQ(r.platform.network.pods.str(), "10.244.0.0/16");
  EXPECT_EQ(r.platform.network.services.str(), "10.96.0.0/12");
  EXPECT_EQ(mesh_addresses(r.platform), (std::vector<std::string>{"cp 10.77.0.1", "w1 10.77.0.2", "w2 10.77.0.3"}));
}

TEST(Resolve, MeshAddressesTheStateRecordedAreKept) {
  spec::LoadedSpec l = spec::load_spec(spec_with(""), "p.yaml");
  Recorded recorded;
  recorded.mesh_addresses = {{"w2", "10.77.0.1"}, {"removed", "10.77.0.2"}};
  Diagnostics d;
  Platform p = resolve(l.spec, catalog::Catalog::builtin(), recorded, d);
  EXPECT_TRUE(d.empty()) << render_diagnostics(d, {}, false);
  EXPECT_EQ(mesh_addresses(p), (std::vector<std::string>{"cp 10.77.0.3", "w1 10.77.0.4", "w2 10.77.0.1"}));
}

TEST(Resolve, AMeshAddressOutsideTheMeshIsAnErrorAtItsPlace) {
  std::string spec = testing::example_spec();
  std::size_t at = spec.find("meshAddress: 10.77.0.3");
  spec.replace(at, std::string("meshAddress: 10.77.0.3").size(), "meshAddress: 10.78.0.3");
  Resolved r = resolve_text(spec);
  ASSERT_EQ(r.diags.size(), 1u);
  const Diagnostic& d = r.diags.items()[0];
  EXPECT_EQ(d.loc.line, 1 + std::count(spec.begin(), spec.begin() + static_cast<long>(at), '\n'));
  EXPECT_EQ(d.loc.col, 20);
  EXPECT_EQ(d.message, "meshAddress 10.78.0.3 is not a host address of meshCIDR 10.77.0.0/24");
  EXPECT_EQ(d.hints[0], "pick an address inside 10.77.0.0/24, or leave meshAddress out to get one allocated");
}

// Regression (issue 24): overlapping ranges were rejected by `nodes render` only.
TEST(Resolve, AMeshRangeOverlappingTheServiceRangeIsRejectedAtItsPlace) {
  Resolved r = resolve_text(with_network(spec_with(""), "{meshCIDR: 10.96.0.0/24}"));
  EXPECT_EQ(messages(r.diags),
            std::vector<std::string>{"p.yaml:7:23 spec.network.meshCIDR 10.96.0.0/24 and serviceCIDR 10.96.0.0/12 overlap"});
  EXPECT_EQ(r.diags.items().at(0).hints, std::vector<std::string>{"give the mesh, pods and services disjoint ranges"});
}

}  // namespace
}  // namespace bg::platform
