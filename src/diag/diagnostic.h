// Diagnostics: what Betelgeuse tells a person about a mistake in their input.
//
// A Diagnostic names a place (file:line:col, 1-based; 0 means "unknown"), a severity, a one-line
// message and hints saying what to do. Stages collect every diagnostic they find rather than
// stopping at the first, and hand them on as plain values; printing (with the source line and a
// caret under the column) happens once, at the edge, in render_diagnostics().
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace bg {

struct SourceLocation {
  std::string file;
  int line = 0;
  int col = 0;

  bool known() const { return line > 0; }
  std::string str() const;  // "file:line:col", or "file" when the place is unknown
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

enum class Severity { kError, kWarning, kInfo };
std::string_view severity_name(Severity s);

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceLocation loc;
  std::string message;
  std::vector<std::string> hints;
};

// An ordered collection of diagnostics; the order is the order of discovery, kept stable so that
// output is deterministic.
class Diagnostics {
 public:
  Diagnostic& error(SourceLocation loc, std::string message, std::string hint = {});
  Diagnostic& warning(SourceLocation loc, std::string message, std::string hint = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool has_errors() const;
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }

 private:
  std::vector<Diagnostic> items_;
};

// The text of each input file, by name, so diagnostics can quote the offending line.
using SourceTexts = std::map<std::string, std::string, std::less<>>;

// Renders diagnostics the way compilers do:
//   file:line:col: error: message
//     <source line>
//         ^
//   hint: ...
std::string render_diagnostics(const Diagnostics& diags, const SourceTexts& sources, bool color);

// "did you mean" support: the closest candidate within a small edit distance, or "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace bg
