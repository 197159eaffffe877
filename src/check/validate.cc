#include "check/validate.h"

namespace bg::check {
namespace {

manifest::ObjectId id_of(const nlohmann::json& body) {
  manifest::Object o{body, {}};
  return o.id();
}

// One object; `locate` turns a violation into a place in the user's input.
template <typename Locate>
void validate_one(const nlohmann::json& body, const SchemaSet& schemas, std::vector<Finding>& out, Locate locate) {
  manifest::ObjectId id = id_of(body);
  if (!body.is_object() || !body.contains("apiVersion") || !body.contains("kind")) {
    out.push_back({"schema", Severity::kError, id, {}, "not a Kubernetes object: apiVersion and kind are required",
                   "every document needs `apiVersion:` and `kind:`", locate(std::vector<std::string>{}, false)});
    return;
  }
  std::vector<SchemaViolation> violations;
  switch (schemas.validate(body, &violations)) {
    case SchemaVerdict::kValid: return;
    case SchemaVerdict::kUnknownKind:
      out.push_back({"unknown-kind", Severity::kWarning, id, {},
                     "no schema for " + body.value("apiVersion", std::string("?")) + " " + body.value("kind", std::string("?")) +
                         "; the object was not validated",
                     "pass the CustomResourceDefinition with --crd FILE", locate(std::vector<std::string>{"kind"}, false)});
      return;
    case SchemaVerdict::kInvalid:
      for (SchemaViolation& v : violations) {
        SourceLocation loc = locate(v.path, v.path_is_key);
        out.push_back({"schema", Severity::kError, id, std::move(v.path), std::move(v.message), std::move(v.hint), loc});
      }
  }
}

}  // namespace

std::vector<Finding> validate_objects(const manifest::ObjectSet& objects, const SchemaSet& schemas) {
  std::vector<Finding> out;
  for (const manifest::Object& o : objects.objects()) {
    validate_one(o.body, schemas, out, [&](const std::vector<std::string>&, bool) { return o.from.spec_loc; });
  }
  return out;
}

std::vector<Finding> validate_documents(const std::vector<SourceDocument>& docs, const SchemaSet& schemas) {
  std::vector<Finding> out;
  for (const SourceDocument& d : docs) {
    validate_one(d.body, schemas, out, [&](const std::vector<std::string>& path, bool key) {
      yaml::Mark m = d.root ? yaml::locate(*d.root, path, key) : yaml::Mark{};
      return SourceLocation{d.file, m.line, m.col};
    });
  }
  return out;
}

}  // namespace bg::check
