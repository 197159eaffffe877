// The protobuf OpenAPI v2 document read back the way kubectl 1.20 reads it: the test walks the
// bytes with gnostic's field numbers and asks kubectl's dry-run question (is there a path whose
// PATCH carries this x-kubernetes-group-version-kind and a `dryRun` query parameter?).
#include "testing/testserver/openapi_v2_proto.h"

#include <gtest/gtest.h>

#include "testing/testserver/openapi.h"
#include "testing/testserver/protowire.h"

namespace bg::testserver {
namespace {

using nlohmann::json;
using protowire::fields_numbered;

std::string only(const std::string& message, int number) {
  auto fs = fields_numbered(message, number);
  return fs.empty() ? std::string() : fs.back().bytes;
}

struct DecodedPatch {
  std::string path;
  json gvk;  // from the vendor extension's YAML (JSON here)
  std::vector<std::string> query_params;
};

// Document.paths(8).path(2) -> NamedPathItem{name 1, value 2}; PathItem.patch(8) -> Operation with
// parameters(8) -> ParametersItem.parameter(1).non_body_parameter(2).query(3).name(4) and
// vendor_extension(13) -> NamedAny{name 1, value 2 -> Any.yaml 2}.
std::vector<DecodedPatch> patches(const std::string& doc) {
  std::vector<DecodedPatch> out;
  for (const auto& named : fields_numbered(only(doc, 8), 2)) {
    std::string patch = only(only(named.bytes, 2), 8);
    if (patch.empty()) continue;
    DecodedPatch p{only(named.bytes, 1), nullptr, {}};
    for (const auto& item : fields_numbered(patch, 8))
      p.query_params.push_back(only(only(only(only(item.bytes, 1), 2), 3), 4));
    for (const auto& ext : fields_numbered(patch, 13))
      if (only(ext.bytes, 1) == "x-kubernetes-group-version-kind") p.gvk = json::parse(only(only(ext.bytes, 2), 2));
    out.push_back(std::move(p));
  }
  return out;
}

bool supports_dry_run(const std::vector<DecodedPatch>& ps, const json& gvk) {
  for (const DecodedPatch& p : ps)
    if (p.gvk == gvk) return std::find(p.query_params.begin(), p.query_params.end(), "dryRun") != p.query_params.end();
  return false;
}

TEST(OpenApiV2Proto, EveryServedKindSupportsDryRunTheWayKubectl120Asks) {
  Registry registry;
  std::string doc = encode_openapi_v2(openapi_v2_document(registry));
  EXPECT_EQ(only(doc, 1), "2.0");
  EXPECT_EQ(only(only(doc, 2), 1), "Kubernetes");
  auto ps = patches(doc);
  for (const ResourceType& r : registry.all())
    EXPECT_TRUE(supports_dry_run(ps, {{"group", r.group}, {"kind", r.kind}, {"version", r.version}})) << r.kind;
  EXPECT_FALSE(supports_dry_run(ps, {{"group", "example.com"}, {"kind", "Widget"}, {"version", "v1"}}));

  // Namespaced kinds patch in a namespace, cluster-scoped ones at the top.
  auto path_of = [&](const std::string& kind) {
    for (const DecodedPatch& p : ps)
      if (p.gvk.value("kind", "") == kind) return p.path;
    return std::string();
  };
  EXPECT_EQ(path_of("ConfigMap"), "/api/v1/namespaces/{namespace}/configmaps/{name}");
  EXPECT_EQ(path_of("Deployment"), "/apis/apps/v1/namespaces/{namespace}/deployments/{name}");
  EXPECT_EQ(path_of("ClusterRole"), "/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}");
}

TEST(OpenApiV2Proto, CrdKindsJoinTheDocument) {
  Registry registry;
  registry.add_crd(json::parse(R"({"metadata": {"name": "widgets.example.com"},
    "spec": {"group": "example.com", "scope": "Namespaced", "names": {"plural": "widgets", "kind": "Widget"},
             "versions": [{"name": "v1", "served": true}]}})"));
  auto ps = patches(encode_openapi_v2(openapi_v2_document(registry)));
  EXPECT_TRUE(supports_dry_run(ps, {{"group", "example.com"}, {"kind", "Widget"}, {"version", "v1"}}));
}

TEST(OpenApiV2Proto, QueryAndPathParametersKeepTheirOwnTypeNumbers) {
  json doc = {{"paths",
               {{"/x/{name}",
                 {{"patch",
                   {{"parameters",
                     {{{"name", "dryRun"}, {"in", "query"}, {"type", "string"}, {"uniqueItems", true}},
                      {{"name", "name"}, {"in", "path"}, {"type", "string"}, {"required", true}}}}}}}}}}};
  std::string op = only(only(only(only(encode_openapi_v2(doc), 8), 2), 2), 8);
  auto params = fields_numbered(op, 8);
  ASSERT_EQ(params.size(), 2u);
  std::string query = only(only(only(params[0].bytes, 1), 2), 3);
  EXPECT_EQ(only(query, 2), "query");
  EXPECT_EQ(only(query, 6), "string");
  ASSERT_EQ(fields_numbered(query, 20).size(), 1u);
  EXPECT_EQ(fields_numbered(query, 20)[0].varint, 1u);
  std::string path = only(only(only(params[1].bytes, 1), 2), 4);
  EXPECT_EQ(only(path, 4), "name");
  EXPECT_EQ(only(path, 5), "string");
  EXPECT_EQ(fields_numbered(path, 1).size(), 1u);  // required
}

}  // namespace
}  // namespace bg::testserver
