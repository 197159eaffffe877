// The check stage's schema half: every object against its strict schema.
//
// validate_subject() checks one object wherever it came from (see subject.h for how paths become
// file:line:col). validate_objects() checks an ObjectSet (Betelgeuse's own render: locations come
// from provenance, the spec line of the component); validate_documents() checks documents read from
// files (anyone's manifests: the exact line of the offending field). Kinds with no schema are
// reported as unvalidated (a warning), never silently passed. The principle rules build on this in
// checker.h.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "check/finding.h"
#include "check/schema.h"
#include "check/subject.h"
#include "manifest/object.h"
#include "yaml/node.h"

namespace bg::check {

// Appends the object's schema findings; returns false when it is not a Kubernetes object at all
// (not a mapping with apiVersion and kind), so that no other rule should look at it.
bool validate_subject(const Subject& s, const SchemaSet& schemas, std::vector<Finding>& out);

std::vector<Finding> validate_objects(const manifest::ObjectSet& objects, const SchemaSet& schemas);

struct SourceDocument {
  std::string file;
  const yaml::Node* root;  // the document as read, for locating paths
  nlohmann::json body;     // the same document as JSON
};

std::vector<Finding> validate_documents(const std::vector<SourceDocument>& docs, const SchemaSet& schemas);

}  // namespace bg::check
