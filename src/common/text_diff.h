// Unified diff of two texts, line by line, as `diff -u` prints it.
//
// `betelgeuse diff` compares what is live with what apply would make of it. Objects can be large
// (a CRD is tens of thousands of lines) while changes are small, so the diff uses Myers' O(ND)
// algorithm, which costs time in proportion to the size of the change rather than the product of
// the two lengths. Output is deterministic, with `context` lines around each hunk, and optionally
// coloured (removals red, additions green, hunk headers cyan) for a terminal.
#pragma once

#include <string>
#include <string_view>

namespace bg {

struct DiffOptions {
  int context = 3;
  bool color = false;
};

// "" when the texts are equal; otherwise "--- a_label\n+++ b_label\n@@ … @@\n…".
std::string unified_diff(std::string_view a, std::string_view b, std::string_view a_label, std::string_view b_label,
                         DiffOptions options = {});

}  // namespace bg
