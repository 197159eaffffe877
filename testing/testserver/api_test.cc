// The API without HTTP: verbs, Status errors, selectors, pagination, life cycle (finalizers,
// namespace deletion, garbage collection), CRDs, server-side apply and watch resumption.
#include "testing/testserver/api.h"

#include <gtest/gtest.h>

#include "testing/testserver/managed_fields.h"
#include "testing/testserver/simulator.h"

namespace bg::testserver {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(call("POST", "/api/v1/namespaces", {{"metadata", {{"name", "demo"}}}}).status, 201);
  }
  Response call(const std::string& method, const std::string& path, const json& body = nullptr,
                std::map<std::string, std::string> query = {}, const std::string& content_type = "application/json") {
    Request r;
    r.method = method;
    auto q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) {
      std::stringstream ss(path.substr(q + 1));
      for (std::string kv; std::getline(ss, kv, '&');) query[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
    }
    r.query = std::move(query);
    r.headers["content-type"] = content_type;
    r.headers["user-agent"] = "api-test/1.0";
    if (!body.is_null()) r.body = body.is_string() ? body.get<std::string>() : body.dump();
    return api.handle(r);
  }
  json body(const Response& r) { return json::parse(r.body); }
  json cm(const std::string& name, json labels = json::object()) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name}, {"labels", labels}}},
            {"data", {{"k", "v"}}}};
  }

  Store store;
  Api api{store, {}};
};

TEST_F(ApiTest, CreatesAndGetsWithServerFields) {
  Response created = call("POST", "/api/v1/namespaces/demo/configmaps", cm("a"));
  ASSERT_EQ(created.status, 201) << created.body;
  json got = body(call("GET", "/api/v1/namespaces/demo/configmaps/a"));
  EXPECT_EQ(got["metadata"]["namespace"], "demo");
  EXPECT_EQ(got["metadata"]["uid"].get<std::string>().size(), 36u);
  EXPECT_EQ(got["metadata"]["managedFields"][0]["manager"], "api-test");
  EXPECT_EQ(got["metadata"]["managedFields"][0]["operation"], "Update");
  EXPECT_EQ(got, body(created));
}

TEST_F(ApiTest, ErrorsAreStatusObjects) {
  Response missing = call("GET", "/apis/apps/v1/namespaces/demo/deployments/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(body(missing), json::parse(R"({"apiVersion":"v1","code":404,"details":{"group":"apps","kind":"deployments",
    "name":"nope"},"kind":"Status","message":"deployments.apps \"nope\" not found","metadata":{},"reason":"NotFound",
    "status":"Failure"})"));

  call("POST", "/api/v1/namespaces/demo/configmaps", cm("a"));
  Response dup = call("POST", "/api/v1/namespaces/demo/configmaps", cm("a"));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(body(dup)["reason"], "AlreadyExists");

  Response bad = call("POST", "/api/v1/namespaces/demo/configmaps", cm("Bad_Name"));
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(body(bad)["message"].get<std::string>().substr(0, 61),
            "ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value");

  Response no_ns = call("POST", "/api/v1/namespaces/elsewhere/configmaps", cm("a"));
  EXPECT_EQ(no_ns.status, 404);
  EXPECT_EQ(body(no_ns)["message"], "namespaces \"elsewhere\" not found");

  json stale = body(call("GET", "/api/v1/namespaces/demo/configmaps/a"));
  call("PUT", "/api/v1/namespaces/demo/configmaps/a", stale);  // a no-op keeps the version
  stale["data"]["k"] = "new";
  ASSERT_EQ(call("PUT", "/api/v1/namespaces/demo/configmaps/a", stale).status, 200);
  stale["data"]["k"] = "newer";
  Response conflict = call("PUT", "/api/v1/namespaces/demo/configmaps/a", stale);
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(body(conflict)["message"],
            "Operation cannot be fulfilled on configmaps \"a\": the object has been modified; please apply your "
            "changes to the latest version and try again");
}

TEST_F(ApiTest, ListsWithSelectorsAndPages) {
  for (const char* n : {"a", "b", "c", "d", "e"})
    call("POST", "/api/v1/namespaces/demo/configmaps", cm(n, {{"app", n[0] < 'c' ? "web" : "db"}}));
  json web = body(call("GET", "/api/v1/namespaces/demo/configmaps", nullptr,
                       {{"labelSelector", "app=web"}}));
  ASSERT_EQ(web["items"].size(), 2u);
  EXPECT_EQ(web["kind"], "ConfigMapList");
  json named = body(call("GET", "/api/v1/configmaps", nullptr, {{"fieldSelector", "metadata.name=d"}}));
  ASSERT_EQ(named["items"].size(), 1u);
  EXPECT_EQ(named["items"][0]["metadata"]["name"], "d");

  std::vector<std::string> seen;
  std::string cont;
  int pages = 0;
  do {
    std::map<std::string, std::string> q = {{"limit", "2"}};
    if (!cont.empty()) q["continue"] = cont;
    json page = body(call("GET", "/api/v1/namespaces/demo/configmaps", nullptr, q));
    for (const json& i : page["items"]) seen.push_back(i["metadata"]["name"]);
    cont = page["metadata"].value("continue", "");
    ++pages;
  } while (!cont.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  Response unpaired = call("GET", "/api/v1/configmaps", nullptr, {{"labelSelector", "a in (b"}});
  EXPECT_EQ(unpaired.status, 400);
  EXPECT_EQ(body(unpaired)["message"], "unable to parse label selector \"a in (b\": parentheses do not pair up");
  json expressions = body(call("GET", "/api/v1/namespaces/demo/configmaps", nullptr,
                               {{"labelSelector", "app in (db,x),!missing"}, {"fieldSelector", "metadata.name!=c"}}));
  ASSERT_EQ(expressions["items"].size(), 2u);
  EXPECT_EQ(expressions["items"][0]["metadata"]["name"], "d");
}

TEST_F(ApiTest, FinalizersHoldADeleteUntilRemoved) {
  json c = cm("held");
  c["metadata"]["finalizers"] = {"example.com/hold"};
  call("POST", "/api/v1/namespaces/demo/configmaps", c);
  Response del = call("DELETE", "/api/v1/namespaces/demo/configmaps/held");
  ASSERT_EQ(del.status, 200);
  json live = body(call("GET", "/api/v1/namespaces/demo/configmaps/held"));
  EXPECT_TRUE(live["metadata"].contains("deletionTimestamp"));
  Response patched = call("PATCH", "/api/v1/namespaces/demo/configmaps/held", json{{"metadata", {{"finalizers", nullptr}}}},
                          {}, "application/merge-patch+json");
  EXPECT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(call("GET", "/api/v1/namespaces/demo/configmaps/held").status, 404);
}

TEST_F(ApiTest, GarbageCollectsDependentsUnlessOrphaned) {
  json owner = body(call("POST", "/api/v1/namespaces/demo/configmaps", cm("owner")));
  json ref = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "owner"}, {"uid", owner["metadata"]["uid"]}};
  for (const char* n : {"dep1", "dep2"}) {
    json d = cm(n);
    d["metadata"]["ownerReferences"] = json::array({ref});  // `= {ref}` is a copy of ref under clang
    call("POST", "/api/v1/namespaces/demo/configmaps", d);
  }
  call("DELETE", "/api/v1/namespaces/demo/configmaps/owner");
  EXPECT_EQ(call("GET", "/api/v1/namespaces/demo/configmaps/dep1").status, 404);

  owner = body(call("POST", "/api/v1/namespaces/demo/configmaps", cm("owner")));
  json d = cm("kept");
  d["metadata"]["ownerReferences"] = {{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "owner"},
                                       {"uid", owner["metadata"]["uid"]}}};
  call("POST", "/api/v1/namespaces/demo/configmaps", d);
  call("DELETE", "/api/v1/namespaces/demo/configmaps/owner", nullptr, {{"propagationPolicy", "Orphan"}});
  json kept = body(call("GET", "/api/v1/namespaces/demo/configmaps/kept"));
  EXPECT_FALSE(kept["metadata"].contains("ownerReferences"));
}

TEST_F(ApiTest, NamespaceDeletionCascadesAndForbidsNewContent) {
  json c = cm("held");
  c["metadata"]["finalizers"] = {"example.com/hold"};
  call("POST", "/api/v1/namespaces/demo/configmaps", c);
  call("POST", "/api/v1/namespaces/demo/configmaps", cm("plain"));
  ASSERT_EQ(call("DELETE", "/api/v1/namespaces/demo").status, 200);
  EXPECT_EQ(body(call("GET", "/api/v1/namespaces/demo"))["status"]["phase"], "Terminating");
  EXPECT_EQ(call("GET", "/api/v1/namespaces/demo/configmaps/plain").status, 404);
  Response refused = call("POST", "/api/v1/namespaces/demo/configmaps", cm("new"));
  EXPECT_EQ(refused.status, 403);
  call("PATCH", "/api/v1/namespaces/demo/configmaps/held", json{{"metadata", {{"finalizers", nullptr}}}}, {},
       "application/merge-patch+json");
  EXPECT_EQ(call("GET", "/api/v1/namespaces/demo").status, 404);
}

// cert-manager's Certificate CRD, reduced to what serving its kind needs.
json certificates_crd() {
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata", {{"name", "certificates.cert-manager.io"}}},
          {"spec",
           {{"group", "cert-manager.io"},
            {"scope", "Namespaced"},
            {"names", {{"plural", "certificates"}, {"singular", "certificate"}, {"kind", "Certificate"}}},
            {"versions", {{{"name", "v1"}, {"served", true}, {"storage", true},
                           {"subresources", {{"status", json::object()}}}}}}}}};
}

TEST_F(ApiTest, EstablishedCrdsBecomeServedKinds) {
  EXPECT_EQ(call("GET", "/apis/cert-manager.io/v1").status, 404);
  json created = body(call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", certificates_crd()));
  EXPECT_EQ(created["status"]["conditions"][1]["type"], "Established");
  json resources = body(call("GET", "/apis/cert-manager.io/v1"));
  EXPECT_EQ(resources["resources"][0]["name"], "certificates");
  json cert = {{"apiVersion", "cert-manager.io/v1"}, {"kind", "Certificate"}, {"metadata", {{"name", "tls"}}},
               {"spec", {{"secretName", "tls"}}}};
  EXPECT_EQ(call("POST", "/apis/cert-manager.io/v1/namespaces/demo/certificates", cert).status, 201);
  call("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/certificates.cert-manager.io");
  EXPECT_EQ(call("GET", "/apis/cert-manager.io/v1/namespaces/demo/certificates/tls").status, 404);
}

// A CRD marked never ready (simulator.h) stays installing: not Established, its kinds not served.
TEST_F(ApiTest, ACrdMarkedNeverReadyIsNeitherEstablishedNorServed) {
  json crd = certificates_crd();
  mark_never_ready(crd);
  json created = body(call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd));
  EXPECT_EQ(created["status"]["conditions"][1]["type"], "Established");
  EXPECT_EQ(created["status"]["conditions"][1]["status"], "False");
  EXPECT_EQ(call("GET", "/apis/cert-manager.io/v1").status, 404);
  json cert = {{"apiVersion", "cert-manager.io/v1"}, {"kind", "Certificate"}, {"metadata", {{"name", "tls"}}}};
  EXPECT_EQ(call("POST", "/apis/cert-manager.io/v1/namespaces/demo/certificates", cert).status, 404);
}

TEST_F(ApiTest, ServerSideApplyOwnsAndRemovesFields) {
  json applied = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "ssa"}}},
                  {"data", {{"a", "1"}, {"b", "2"}}}};
  std::map<std::string, std::string> q = {{"fieldManager", "one"}};
  Response first = call("PATCH", "/api/v1/namespaces/demo/configmaps/ssa", applied, q, "application/apply-patch+yaml");
  ASSERT_EQ(first.status, 201) << first.body;
  applied["data"].erase("b");
  json second = body(call("PATCH", "/api/v1/namespaces/demo/configmaps/ssa", applied, q, "application/apply-patch+yaml"));
  EXPECT_EQ(second["data"], json({{"a", "1"}}));  // b was only ours: it goes

  json other = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "ssa"}}}, {"data", {{"a", "9"}}}};
  Response clash = call("PATCH", "/api/v1/namespaces/demo/configmaps/ssa", other, {{"fieldManager", "two"}},
                        "application/apply-patch+yaml");
  EXPECT_EQ(clash.status, 409);
  EXPECT_EQ(body(clash)["message"], "Apply failed with 1 conflict: conflict with \"one\": .data.a");
  EXPECT_EQ(body(clash)["details"]["causes"][0]["field"], ".data.a");
  Response yaml_body = call("PATCH", "/api/v1/namespaces/demo/configmaps/ssa",
                            std::string("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: '9'}\n"),
                            {{"fieldManager", "two"}, {"force", "true"}}, "application/apply-patch+yaml");
  ASSERT_EQ(yaml_body.status, 200) << yaml_body.body;
  EXPECT_EQ(body(yaml_body)["data"]["a"], "9");
  Response no_manager = call("PATCH", "/api/v1/namespaces/demo/configmaps/ssa", other, {}, "application/apply-patch+yaml");
  EXPECT_EQ(no_manager.status, 422);
}

TEST_F(ApiTest, ServerSideApplyMergesListsKeyedByName) {
  auto deploy = [](json containers) {
    return json{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "web"}}},
                {"spec", {{"template", {{"spec", {{"containers", containers}}}}}}}};
  };
  const std::string path = "/apis/apps/v1/namespaces/demo/deployments/web";
  const std::string ct = "application/apply-patch+yaml";
  ASSERT_EQ(call("PATCH", path, deploy({{{"name", "web"}, {"image", "web:1"}}}), {{"fieldManager", "one"}}, ct).status,
            201);
  Response two = call("PATCH", path, deploy({{{"name", "sidecar"}, {"image", "side:1"}}}), {{"fieldManager", "two"}}, ct);
  ASSERT_EQ(two.status, 200) << two.body;
  json containers = body(two)["spec"]["template"]["spec"]["containers"];
  ASSERT_EQ(containers.size(), 2u);
  EXPECT_EQ(containers[0]["image"], "web:1");
  EXPECT_EQ(containers[1]["name"], "sidecar");
  Response clash = call("PATCH", path, deploy({{{"name", "web"}, {"image", "web:2"}}}), {{"fieldManager", "two"}}, ct);
  EXPECT_EQ(clash.status, 409);
  EXPECT_EQ(body(clash)["message"],
            "Apply failed with 1 conflict: conflict with \"one\": .spec.template.spec.containers[name=\"web\"].image");
  // "two" stops applying its sidecar: only that element goes.
  Response dropped = call("PATCH", path, deploy(json::array()), {{"fieldManager", "two"}}, ct);
  ASSERT_EQ(dropped.status, 200) << dropped.body;
  containers = body(dropped)["spec"]["template"]["spec"]["containers"];
  ASSERT_EQ(containers.size(), 1u) << dropped.body;
  EXPECT_EQ(containers[0]["name"], "web");
  json fields = body(dropped)["metadata"]["managedFields"][0]["fieldsV1"];
  EXPECT_TRUE(fields["f:spec"]["f:template"]["f:spec"]["f:containers"].contains("k:{\"name\":\"web\"}")) << fields;
}

TEST_F(ApiTest, ServerSideApplyReadsListKeysFromTheStoredCrd) {
  json crd = json::parse(R"({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.com"},
    "spec": {"group": "example.com", "scope": "Namespaced", "names": {"plural": "widgets", "kind": "Widget"},
      "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {"type": "object",
        "properties": {"spec": {"type": "object", "properties": {"routes": {"type": "array",
          "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["host"], "items": {"type": "object"}}}}}}}}]}})");
  ASSERT_EQ(call("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd).status, 201);
  auto widget = [](const std::string& host) {
    return json{{"apiVersion", "example.com/v1"}, {"kind", "Widget"}, {"metadata", {{"name", "w"}}},
                {"spec", {{"routes", {{{"host", host}}}}}}};
  };
  const std::string path = "/apis/example.com/v1/namespaces/demo/widgets/w";
  ASSERT_EQ(call("PATCH", path, widget("a"), {{"fieldManager", "one"}}, "application/apply-patch+yaml").status, 201);
  Response two = call("PATCH", path, widget("b"), {{"fieldManager", "two"}}, "application/apply-patch+yaml");
  ASSERT_EQ(two.status, 200) << two.body;
  EXPECT_EQ(body(two)["spec"]["routes"], json::parse(R"([{"host":"a"},{"host":"b"}])"));
}

TEST_F(ApiTest, OpenApiV2InTheFormTheClientAccepts) {
  Request r;
  r.method = "GET";
  r.path = "/openapi/v2";
  r.headers["accept"] = "application/json";
  Response as_json = api.handle(r);
  EXPECT_EQ(as_json.content_type, "application/json");
  json doc = body(as_json);
  EXPECT_EQ(doc["swagger"], "2.0");
  EXPECT_EQ(doc["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]["patch"]
               ["x-kubernetes-group-version-kind"]["kind"],
            "Deployment");
  r.headers["accept"] = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  Response as_proto = api.handle(r);
  EXPECT_EQ(as_proto.content_type, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  EXPECT_EQ(as_proto.body.substr(0, 5), std::string("\x0a\x03" "2.0"));  // Document.swagger = "2.0"
}

TEST_F(ApiTest, WatchResumesFromAResourceVersionAndAnswers410WhenTooOld) {
  store.set_event_capacity(3);
  json a = body(call("POST", "/api/v1/namespaces/demo/configmaps", cm("a")));
  std::string rv = a["metadata"]["resourceVersion"];
  call("POST", "/api/v1/namespaces/demo/configmaps", cm("b"));
  auto collect = [&](const std::string& from) {
    Response w = call("GET", "/api/v1/namespaces/demo/configmaps", nullptr,
                      {{"watch", "true"}, {"resourceVersion", from}, {"timeoutSeconds", "0"}});
    std::string out;
    w.stream([&](const std::string& chunk) {
      out += chunk;
      return true;
    });
    return out;
  };
  std::string resumed = collect(rv);
  ASSERT_NE(resumed.find("\"type\":\"ADDED\""), std::string::npos) << resumed;
  EXPECT_EQ(json::parse(resumed.substr(0, resumed.find('\n')))["object"]["metadata"]["name"], "b");
  for (const char* n : {"c", "d", "e", "f"}) call("POST", "/api/v1/namespaces/demo/configmaps", cm(n));
  json expired = json::parse(collect(rv));
  EXPECT_EQ(expired["type"], "ERROR");
  EXPECT_EQ(expired["object"]["code"], 410);
  EXPECT_EQ(expired["object"]["reason"], "Expired");
}

TEST(ManagedFields, RoundTripsFieldsV1) {
  FieldSet fields = leaf_fields(json::parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x",
      "uid":"u","labels":{"app":"web"}},"data":{"a":"1"},"status":{"s":1}})"), ListTypes::builtin("", "ConfigMap"));
  EXPECT_EQ(fields, (FieldSet{{"data", "a"}, {"metadata", "labels", "app"}}));
  json v1 = to_fields_v1(fields);
  EXPECT_EQ(v1, json::parse(R"({"f:data":{"f:a":{}},"f:metadata":{"f:labels":{"f:app":{}}}})"));
  EXPECT_EQ(from_fields_v1(v1), fields);
}

}  // namespace
}  // namespace bg::testserver
