// The check stage's schema half: every object against its strict schema.
//
// validate_objects() checks an ObjectSet (Betelgeuse's own render: locations come from provenance,
// the spec line of the component). validate_documents() checks documents read from files (anyone's
// manifests: locations come from the YAML tree, the exact line of the offending field). Kinds with no
// schema are reported as unvalidated (a warning), never silently passed.
#pragma once

#include <string>
#include <vector>

#include "check/finding.h"
#include "check/schema.h"
#include "manifest/object.h"
#include "yaml/node.h"

namespace bg::check {

std::vector<Finding> validate_objects(const manifest::ObjectSet& objects, const SchemaSet& schemas);

struct SourceDocument {
  std::string file;
  const yaml::Node* root;  // the document as read, for locating paths
  nlohmann::json body;     // the same document as JSON
};

std::vector<Finding> validate_documents(const std::vector<SourceDocument>& docs, const SchemaSet& schemas);

}  // namespace bg::check
