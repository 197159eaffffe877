// Reading YAML text into Nodes with libyaml's event parser.
//
// The loader is the boundary between untrusted bytes and the rest of the program, so it is built to
// fail politely on anything: syntax errors, duplicate mapping keys, nesting deeper than
// max_depth, alias expansion beyond max_nodes (billion-laughs), non-scalar mapping keys, tags we do
// not understand. Every problem becomes a Diagnostic with file:line:col; none throws, crashes or
// hangs. A stream may hold several documents; empty documents (a lone `---`) are dropped.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/diagnostic.h"
#include "yaml/node.h"

namespace bg::yaml {

struct LoadLimits {
  int max_depth = 256;             // nesting of sequences/mappings
  std::size_t max_nodes = 1u << 20;  // total nodes after alias expansion (billion laughs fails fast)
  // Block-style documents are read by a fast path (yaml/fast_path.h) that gives the same result as
  // libyaml; false reads everything with libyaml (for tests that compare the two).
  bool fast_path = true;
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

// Like load(), but hands each document to `sink` as soon as it is complete instead of keeping them
// all, so a stream of any length is read in the memory of its largest document; max_nodes then
// bounds each document rather than the whole stream. Documents before a mistake have already been
// handed over when it is found: a caller must treat the whole stream as failed when the returned
// diagnostics have errors.
Diagnostics load_each(std::string_view text, const std::string& file, const std::function<void(Document&&)>& sink,
                      const LoadLimits& limits = {});

}  // namespace bg::yaml
