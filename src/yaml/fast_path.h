// The loader's fast path: block-style YAML as kubectl, kustomize, Helm and Betelgeuse write it,
// read straight into Nodes without libyaml.
//
// libyaml is correct but slow for manifests (an event and several allocations per scalar, and it
// counts characters that the loader must then map back to bytes). Most manifests use a small part
// of YAML: block mappings and sequences (indentless ones too), one-line plain and quoted scalars,
// literal block scalars (`|`, `|-`), `{}`, `[]` and one-line flow lists of scalars, comments and
// `---` between documents. read_fast() accepts exactly that subset and builds the very Nodes the
// libyaml path builds (kinds, texts, `quoted`, marks, document starts, node counts). It stops at
// the start of the first document that steps outside the subset — anything else, and every
// mistake, is read by libyaml from there, so errors always come from one place. The fast path
// changes speed, never results: fast_path_test.cc and fuzz/check_fuzz.cc load the same inputs both
// ways and compare them.
//
// Internal to src/yaml/: callers use yaml::load() or yaml::load_each().
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "yaml/loader.h"

namespace bg::yaml::internal {

struct FastProgress {
  std::size_t resume = 0;  // byte offset of the first document not read (text.size() when all were)
  std::size_t nodes = 0;   // nodes counted before `resume`, as the libyaml path counts them
};

// The offset of the first byte the fast path never reads (a tab, a carriage return, a Unicode line
// break libyaml honours — NEL, LS, PS — or a byte order mark), or npos. The loader learns the same
// while it validates the text; tests call this.
std::size_t first_special(std::string_view text);

// Reads documents from the start of `text` (which the caller has already checked is valid UTF-8
// without control characters; `special` is first_special(text)) and hands each one to `sink` as
// soon as it is complete. With `per_document` the node budget (limits.max_nodes) starts afresh for
// every document.
FastProgress read_fast(std::string_view text, std::size_t special, const LoadLimits& limits, bool per_document,
                       const std::function<void(Document&&)>& sink);

}  // namespace bg::yaml::internal
