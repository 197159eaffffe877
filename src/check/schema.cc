// SchemaSet: the kind table, the embedded bundle, and CRDs added at run time.
#include "check/schema.h"

#include <algorithm>
#include <map>
#include <set>

#include "check/schema_graph.h"
#include "common/embedded.h"
#include "k8s/json_view.h"

namespace bg::check {

using k8s::JsonView;
using nlohmann::json;
using schema_internal::Graph;
using schema_internal::Node;

struct SchemaSet::Impl {
  struct Entry {
    std::shared_ptr<const Graph> graph;  // keeps `root` alive
    const Node* root = nullptr;
    std::string scope;
    bool deprecated = false;
  };
  // apiVersion -> kind -> entry; std::less<> lets string_views look up without allocating.
  std::map<std::string, std::map<std::string, Entry, std::less<>>, std::less<>> kinds;
  // From the bundle: Kubernetes' own API groups, and each built-in kind's apiVersions.
  std::set<std::string, std::less<>> builtin_groups;
  std::map<std::string, std::vector<std::string>, std::less<>> builtin_versions;
  std::string load_error;

  const Entry* find(std::string_view api_version, std::string_view kind) const {
    auto g = kinds.find(api_version);
    if (g == kinds.end()) return nullptr;
    auto k = g->second.find(kind);
    return k == g->second.end() ? nullptr : &k->second;
  }
};

namespace {

constexpr std::string_view kBundleName = "schema-bundle.json";
constexpr const char* kObjectMeta = "ObjectMeta";

// The built-in graph and its ObjectMeta node, which CRD schemas refer to for `metadata`.
struct BuiltinGraph {
  std::shared_ptr<const Graph> graph;
  const Node* object_meta = nullptr;
};

std::shared_ptr<SchemaSet::Impl> load_bundle(BuiltinGraph* out_graph) {
  auto impl = std::make_shared<SchemaSet::Impl>();
  std::string_view bytes;
  for (std::size_t i = 0; i < bg_embedded_schemas_count; ++i) {
    if (bg_embedded_schemas[i].name == kBundleName) bytes = bg_embedded_schemas[i].bytes;
  }
  if (bytes.empty()) {
    impl->load_error = "schema bundle is not embedded";
    return impl;
  }
  json parsed = json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  JsonView bundle(parsed);
  if (!bundle.has("definitions") || !bundle["kinds"].is_array()) {
    impl->load_error = "schema bundle is malformed";
    return impl;
  }
  auto graph = std::make_shared<Graph>();
  const json& defs = *bundle["definitions"].json();
  Status st = schema_internal::compile_definitions(*graph, defs, {});
  if (!st) {
    impl->load_error = "schema bundle: " + st.message();
    return impl;
  }
  for (JsonView k : bundle["kinds"].items()) {
    std::string api_version = k["apiVersion"].str(), kind = k["kind"].str();
    if (api_version.empty() || kind.empty() || !k.has("schema")) {
      impl->load_error = "schema bundle: kind record without apiVersion, kind or schema";
      return impl;
    }
    Result<const Node*> root = schema_internal::compile_schema(*graph, *k["schema"].json(), &defs, {});
    if (!root) {
      impl->load_error = "schema bundle: " + api_version + " " + kind + ": " + root.status().message();
      return impl;
    }
    SchemaSet::Impl::Entry& e = impl->kinds[api_version][kind];
    e.graph = graph;
    e.root = root.value();
    e.scope = k["scope"].str("Namespaced");
    e.deprecated = k["deprecated"].boolean();
    if (k["builtin"].boolean()) {
      impl->builtin_versions[kind].push_back(api_version);
      impl->builtin_groups.insert(k["group"].str());
    }
  }
  for (JsonView g : bundle["bundle"]["builtin_groups"].items()) impl->builtin_groups.insert(g.str());
  if (auto it = graph->definitions.find(kObjectMeta); it != graph->definitions.end()) {
    out_graph->object_meta = it->second;
  } else {
    impl->load_error = "schema bundle: no ObjectMeta definition";
  }
  out_graph->graph = graph;
  return impl;
}

struct BuiltinState {
  std::shared_ptr<SchemaSet::Impl> impl;
  BuiltinGraph graph;
};

// Parsed and compiled once, on first use (function-local statics are initialised thread-safely);
// never destroyed, so validators stay usable during static destruction.
const BuiltinState& builtin_state() {
  static const BuiltinState* state = [] {
    auto* s = new BuiltinState();
    s->impl = load_bundle(&s->graph);
    return s;
  }();
  return *state;
}

// Mirrors scripts/gen-schema-bundle.py strip(structural=True): the API server's strict field
// validation rejects fields a structural schema does not declare, unless the schema preserves
// unknown fields. Value-validation branches (oneOf/anyOf/allOf/not) only constrain, so they are
// left alone.
void make_strict(json& s, bool in_branch) {
  if (!s.is_object()) return;
  if (auto p = s.find("properties"); p != s.end() && p->is_object()) {
    for (auto& [name, sub] : p->items()) make_strict(sub, in_branch);
  }
  if (auto it = s.find("items"); it != s.end()) make_strict(*it, in_branch);
  if (auto it = s.find("additionalProperties"); it != s.end() && it->is_object()) make_strict(*it, in_branch);
  if (auto it = s.find("not"); it != s.end()) make_strict(*it, true);
  for (const char* key : {"oneOf", "anyOf", "allOf"}) {
    if (auto it = s.find(key); it != s.end() && it->is_array()) {
      for (json& b : *it) make_strict(b, true);
    }
  }
  if (in_branch) return;
  JsonView schema(s);  // looks at `s` as it is changed below
  const bool preserve = schema["x-kubernetes-preserve-unknown-fields"].boolean();
  if (schema["x-kubernetes-embedded-resource"].boolean()) {
    json& props = s["properties"];
    if (props.is_null()) props = json::object();
    if (props.is_object()) {  // properties of another type are the compiler's error to report
      if (!props.contains("apiVersion")) props["apiVersion"] = {{"type", "string"}};
      if (!props.contains("kind")) props["kind"] = {{"type", "string"}};
      if (!props.contains("metadata")) props["metadata"] = {{"$ref", std::string("#/definitions/") + kObjectMeta}};
    }
  }
  const bool is_object = schema["type"].str() == "object" || s.contains("properties");
  if (is_object && !s.contains("additionalProperties") && !preserve) s["additionalProperties"] = false;
}

}  // namespace

SchemaSet::SchemaSet() : impl_(std::make_shared<Impl>()) {}
SchemaSet::~SchemaSet() = default;
SchemaSet::SchemaSet(const SchemaSet&) = default;
SchemaSet& SchemaSet::operator=(const SchemaSet&) = default;

const SchemaSet& SchemaSet::builtin() {
  static const SchemaSet* set = [] {
    auto* s = new SchemaSet();
    s->impl_ = builtin_state().impl;
    return s;
  }();
  return *set;
}

Status SchemaSet::add_crd(const json& crd) {
  try {
    auto bad = [](const std::string& why) { return Status::terminal("CustomResourceDefinition: " + why); };
    JsonView definition(crd);
    if (definition["kind"].str() != "CustomResourceDefinition") {
      return bad("not a CustomResourceDefinition object");
    }
    JsonView spec = definition["spec"];
    if (!spec["group"].is_string() || !spec["names"]["kind"].is_string() || !spec["versions"].is_array()) {
      return bad("spec.group, spec.names.kind and spec.versions are required");
    }
    const std::string group = spec["group"].str(), kind = spec["names"]["kind"].str();
    const std::string crd_name = group + "/" + kind;
    const BuiltinGraph& base = builtin_state().graph;
    if (base.object_meta == nullptr) return bad("built-in ObjectMeta schema unavailable");
    schema_internal::ExternalRefs external{{kObjectMeta, base.object_meta}};

    auto graph = std::make_shared<Graph>();
    graph->deps.push_back(base.graph);
    std::vector<std::pair<std::string, Impl::Entry>> added;
    for (JsonView v : spec["versions"].items()) {
      if (!v["name"].is_string()) return bad(crd_name + ": a version has no name");
      if (!v["served"].boolean()) continue;
      const std::string api_version = group + "/" + v["name"].str();
      JsonView root = v["schema"]["openAPIV3Schema"];
      if (!root.is_object()) return bad(api_version + " " + kind + ": no schema.openAPIV3Schema");
      json s = root.copy();
      make_strict(s, false);
      // Like the bundle's CRD kinds: pin apiVersion/kind and check metadata as ObjectMeta.
      s["type"] = "object";
      s["properties"]["apiVersion"] = {{"type", "string"}, {"enum", {api_version}}};
      s["properties"]["kind"] = {{"type", "string"}, {"enum", {kind}}};
      s["properties"]["metadata"] = {{"$ref", std::string("#/definitions/") + kObjectMeta}};
      Result<const Node*> compiled = schema_internal::compile_schema(*graph, s, nullptr, external);
      if (!compiled) return bad(api_version + " " + kind + ": " + compiled.status().message());
      Impl::Entry e;
      e.graph = graph;
      e.root = compiled.value();
      e.scope = spec["scope"].str("Namespaced");
      e.deprecated = v["deprecated"].boolean();
      added.emplace_back(api_version, std::move(e));
    }
    if (added.empty()) return bad(crd_name + ": no served version");
    if (impl_.use_count() > 1) impl_ = std::make_shared<Impl>(*impl_);  // copy on write
    for (auto& [api_version, e] : added) impl_->kinds[api_version][kind] = std::move(e);
    return Status::ok();
  } catch (const std::exception& e) {
    return Status::terminal(std::string("CustomResourceDefinition: ") + e.what());
  }
}

bool SchemaSet::knows(std::string_view api_version, std::string_view kind) const {
  return impl_->find(api_version, kind) != nullptr;
}

namespace {
std::string_view group_of(std::string_view api_version) {
  std::size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view() : api_version.substr(0, slash);
}
}  // namespace

UnknownKindInfo SchemaSet::explain_unknown(std::string_view api_version, std::string_view kind) const {
  UnknownKindInfo info;
  const std::string_view group = group_of(api_version);
  info.builtin_group = impl_->builtin_groups.count(group) > 0;
  if (!info.builtin_group) return info;
  if (auto it = impl_->builtin_versions.find(kind); it != impl_->builtin_versions.end()) {
    for (bool same : {true, false})
      for (const std::string& v : it->second)
        if ((group_of(v) == group) == same) info.served.push_back(v);
    return info;
  }
  std::size_t best = 3;  // a typo, not another word
  for (const auto& [name, versions] : impl_->builtin_versions) {
    bool in_group = std::any_of(versions.begin(), versions.end(),
                                [&](const std::string& v) { return group_of(v) == group; });
    std::size_t d = schema_internal::edit_distance(name, kind);
    if (in_group && d < best) best = d, info.closest = name;
  }
  return info;
}

SchemaVerdict SchemaSet::validate(const json& object, std::vector<SchemaViolation>* violations) const {
  auto complain = [&](std::vector<std::string> path, std::string message) {
    if (violations != nullptr) violations->push_back(SchemaViolation{std::move(path), false, std::move(message), {}});
    return SchemaVerdict::kInvalid;
  };
  if (!object.is_object()) return complain({}, std::string("expected object, got ") + object.type_name());
  auto av = object.find("apiVersion");
  auto kd = object.find("kind");
  if (av == object.end()) return complain({}, "missing required field \"apiVersion\"");
  if (kd == object.end()) return complain({}, "missing required field \"kind\"");
  if (!av->is_string()) return complain({"apiVersion"}, std::string("expected string, got ") + av->type_name());
  if (!kd->is_string()) return complain({"kind"}, std::string("expected string, got ") + kd->type_name());
  const Impl::Entry* e = impl_->find(av->get_ref<const std::string&>(), kd->get_ref<const std::string&>());
  if (e == nullptr) return SchemaVerdict::kUnknownKind;
  try {
    // Fast pass first: no strings are built for valid objects. Only a failing object is walked
    // again to collect every violation with its message.
    if (schema_internal::validate_node(*e->root, object, nullptr)) return SchemaVerdict::kValid;
    if (violations != nullptr) schema_internal::validate_node(*e->root, object, violations);
    return SchemaVerdict::kInvalid;
  } catch (const std::exception& ex) {
    return complain({}, std::string("schema validation failed: ") + ex.what());
  }
}

SchemaVerdict SchemaSet::validate(const yaml::Node& object, std::vector<SchemaViolation>* violations) const {
  const yaml::Node* av = object.find("apiVersion");
  const yaml::Node* kd = object.find("kind");
  // Anything but a mapping with string apiVersion and kind: the JSON path words the problem.
  if (av == nullptr || kd == nullptr || av->kind != yaml::NodeKind::kString || kd->kind != yaml::NodeKind::kString)
    return validate(yaml::to_json(object), violations);
  const Impl::Entry* e = impl_->find(av->text, kd->text);
  if (e == nullptr) return SchemaVerdict::kUnknownKind;
  try {
    if (schema_internal::accepts(*e->root, object)) return SchemaVerdict::kValid;
    if (violations != nullptr) schema_internal::validate_node(*e->root, yaml::to_json(object), violations);
    return SchemaVerdict::kInvalid;
  } catch (const std::exception& ex) {
    if (violations != nullptr)
      violations->push_back(SchemaViolation{{}, false, std::string("schema validation failed: ") + ex.what(), {}});
    return SchemaVerdict::kInvalid;
  }
}

SchemaStats SchemaSet::stats() const {
  SchemaStats st;
  st.load_error = impl_->load_error;
  std::set<const Graph*> graphs;
  for (const auto& [api_version, kinds] : impl_->kinds) {
    st.kinds += kinds.size();
    for (const auto& [kind, e] : kinds) graphs.insert(e.graph.get());
  }
  for (const Graph* g : graphs) {
    st.nodes += g->nodes.size();
    st.patterns += g->patterns.size();
    st.patterns_unsupported += g->patterns_unsupported;
  }
  return st;
}

}  // namespace bg::check
