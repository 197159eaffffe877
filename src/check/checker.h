// The Checker: the check stage as one object — objects go in one at a time, findings come out at
// the end.
//
// add_document() and add_object() run, for one object: the schema, its suppressions, every object
// rule, and then copy the object's facts for the set rules (inventory.h); the caller may drop the
// object right after, so memory follows the largest object plus a few hundred bytes per object.
// finish() runs the set rules, applies suppressions to their findings, reports suppressions that
// silenced nothing, and returns every finding ordered by input file (in the order files were first
// seen), line and column. Nothing throws out of a Checker: an object that trips the checker itself
// becomes an `internal` finding on that object.
//
// CustomResourceDefinitions among the objects teach the Checker their kinds, as --crd files do: a
// valid CRD is added to the Checker's own copy of the schemas, and an object of a kind unknown when
// it came by (its CRD may come later in the stream) is kept and validated again in finish(), so
// the order of the input does not matter. Only those objects are kept, so memory stays small.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "check/finding.h"
#include "check/flow_facts.h"
#include "check/inventory.h"
#include "check/schema.h"
#include "manifest/object.h"
#include "yaml/node.h"

namespace bg::check {

struct CheckSummary {
  std::size_t objects = 0;
  std::size_t suppressed = 0;  // findings silenced by a suppression annotation
};

class Checker {
 public:
  // `principles` false runs the schema alone (and reads no suppressions).
  explicit Checker(const SchemaSet& schemas, bool principles = true);

  // One document (or List item) as read from `file`; its marks give file:line:col.
  void add_document(const yaml::Node& body, const std::string& file);
  // One object of Betelgeuse's render; findings point at its provenance's spec line, or at
  // `fallback` when it has none (platform-wide objects).
  void add_object(const manifest::Object& o, const SourceLocation& fallback = {});

  std::vector<Finding> finish();
  const CheckSummary& summary() const { return summary_; }

 private:
  void add(const Subject& s);
  void internal_error(const k8s::ObjectRef& id, const SourceLocation& loc, const std::string& what);

  // An object whose kind was unknown when it came by; `finding` indexes its unknown-kind finding.
  struct Unknown {
    yaml::Node body;
    k8s::ObjectRef id;
    bool located;
    SourceLocation fallback;
    std::size_t finding;
  };
  void learn_crd(const Subject& s);
  void revalidate_unknown();

  SchemaSet schemas_;  // a cheap copy: CRDs seen in the input are added to it, not to the caller's
  bool principles_;
  std::vector<Unknown> unknown_;
  Inventory inventory_;
  FlowFacts flows_;
  std::vector<Finding> findings_;
  std::map<std::string, std::size_t, std::less<>> file_order_;
  std::string last_file_ = "\n";  // no file is named this
  CheckSummary summary_;
};

}  // namespace bg::check
