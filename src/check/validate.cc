#include "check/validate.h"

#include "check/json_node.h"
#include "spec/spec.h"

namespace bg::check {

namespace {

// A kind of one of Kubernetes' own groups never comes from a CRD: either the apiVersion does not
// serve it (an error: the API server answers "no matches for kind"), or the bundle lacks it.
void report_unknown_kind(const Subject& s, const SchemaSet& schemas, std::vector<Finding>& out) {
  const std::string api_version(str(field(s.body, "apiVersion"))), kind(str(field(s.body, "kind")));
  const UnknownKindInfo info = schemas.explain_unknown(api_version, kind);
  if (!info.served.empty()) {
    std::string use;
    for (const std::string& v : info.served) use += (use.empty() ? "" : " or ") + v;
    out.push_back({"schema", Severity::kError, s.id, {"apiVersion"},
                   "Kubernetes 1.32 does not serve " + kind + " at apiVersion " + api_version,
                   "use apiVersion: " + use, s.at({"apiVersion"})});
    return;
  }
  std::string hint = "pass the CustomResourceDefinition with --crd FILE";
  // Our own platform file is not a manifest, and no CRD describes it: `plan` is what reads it.
  const std::string_view ours = spec::kApiVersion;
  if (kind == spec::kKind && api_version.rfind(ours.substr(0, ours.find('/') + 1), 0) == 0) {
    out.push_back({"unknown-kind", Severity::kWarning, s.id, {},
                   "a Betelgeuse platform file, not a Kubernetes object; check validates manifests",
                   "run `betelgeuse plan FILE`: it validates the platform file and checks every object it renders",
                   s.at({"kind"})});
    return;
  }
  if (info.builtin_group) {
    hint = info.closest.empty() ? "this apiVersion belongs to Kubernetes itself, so no CustomResourceDefinition "
                                  "defines it; Betelgeuse has no schema for this kind"
                                : "did you mean \"" + info.closest + "\"?";
  }
  out.push_back({"unknown-kind", Severity::kWarning, s.id, {},
                 "no schema for " + api_version + " " + kind + "; the object was not validated", hint,
                 s.at({"kind"})});
}

}  // namespace

bool validate_subject(const Subject& s, const SchemaSet& schemas, std::vector<Finding>& out) {
  const Value& body = s.body;
  if (!body.is_map() || !field(body, "apiVersion") || !field(body, "kind")) {
    out.push_back({"schema", Severity::kError, s.id, {}, "not a Kubernetes object: apiVersion and kind are required",
                   "every document needs `apiVersion:` and `kind:`", s.at({})});
    return false;
  }
  std::vector<SchemaViolation> violations;
  switch (schemas.validate(body, &violations)) {
    case SchemaVerdict::kValid: break;
    case SchemaVerdict::kUnknownKind: report_unknown_kind(s, schemas, out); break;
    case SchemaVerdict::kInvalid:
      for (SchemaViolation& v : violations) {
        SourceLocation loc = s.at(v.path, v.path_is_key);
        out.push_back({"schema", Severity::kError, s.id, std::move(v.path), std::move(v.message), std::move(v.hint), loc});
      }
  }
  return !str(field(body, "apiVersion")).empty() && !str(field(body, "kind")).empty();
}

std::vector<Finding> validate_objects(const manifest::ObjectSet& objects, const SchemaSet& schemas) {
  std::vector<Finding> out;
  for (const manifest::Object& o : objects.objects()) {
    yaml::Node body = node_of(o.body);
    validate_subject(Subject{body, object_id(body), false, o.from.spec_loc}, schemas, out);
  }
  return out;
}

std::vector<Finding> validate_documents(const std::vector<SourceDocument>& docs, const SchemaSet& schemas) {
  std::vector<Finding> out;
  for (const SourceDocument& d : docs) {
    if (d.root != nullptr) {
      validate_subject(Subject{*d.root, object_id(*d.root), true, SourceLocation{d.file, 0, 0}}, schemas, out);
    } else {
      yaml::Node body = node_of(d.body);
      validate_subject(Subject{body, object_id(body), false, SourceLocation{d.file, 0, 0}}, schemas, out);
    }
  }
  return out;
}

}  // namespace bg::check
