// A Subject: one object as the rules see it — its tree, its identity, and where its fields are.
//
// Objects come from two places. Anyone's manifests, read from files, carry the marks the loader
// gave every node, so a path inside the object maps to the exact file:line:col of that field.
// Betelgeuse's own render has no file of its own; every path maps to the spec line of the component
// that asked for the object (its provenance). Rules never care which: they ask at(path).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/value.h"
#include "diag/diagnostic.h"
#include "manifest/object.h"

namespace bg::check {

using Path = std::vector<std::string>;

struct Subject {
  const Value& body;
  k8s::ObjectRef id;
  bool located = false;     // body's marks point into `fallback.file` (the object was read from it)
  SourceLocation fallback;  // the file (and, for our render, the spec line)

  // Where `path` (mapping keys and sequence indexes) is; with `key`, the last key itself.
  SourceLocation at(const Path& path, bool key = false) const;

  const std::string& kind() const { return id.kind; }
  const std::string& ns() const { return id.ns; }
  const std::string& name() const { return id.name; }
  const Value* metadata() const { return field(body, "metadata"); }
  const Value* spec() const { return field(body, "spec"); }
  const Value* annotations() const { return field(metadata(), "annotations"); }
};

// group/kind/namespace/name of any value; never fails (missing parts are "").
k8s::ObjectRef object_id(const Value& body);

}  // namespace bg::check
