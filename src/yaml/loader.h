// Reading YAML text into Nodes with libyaml's event parser.
//
// The loader is the boundary between untrusted bytes and the rest of the program, so it is built to
// fail politely on anything: syntax errors, duplicate mapping keys, nesting deeper than
// max_depth, alias expansion beyond max_nodes (billion-laughs), non-scalar mapping keys, tags we do
// not understand. Every problem becomes a Diagnostic with file:line:col; none throws, crashes or
// hangs. A stream may hold several documents; empty documents (a lone `---`) are dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace bg::yaml {

struct LoadLimits {
  int max_depth = 256;             // nesting of sequences/mappings
  std::size_t max_nodes = 4u << 20;  // total nodes after alias expansion
};

struct Document {
  Node root;
  Mark start;  // where the document starts (for "more than one document" messages)
};

struct LoadResult {
  std::vector<Document> documents;  // empty when diagnostics has errors
  Diagnostics diagnostics;
};

LoadResult load(std::string_view text, const std::string& file, const LoadLimits& limits = {});

}  // namespace bg::yaml
