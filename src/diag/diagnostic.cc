#include "diag/diagnostic.h"

#include <algorithm>
#include <sstream>

namespace bg {

std::string SourceLocation::str() const {
  if (!known()) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInfo: return "info";
  }
  return "error";
}

Diagnostic& Diagnostics::error(SourceLocation loc, std::string message, std::string hint) {
  Diagnostic d{Severity::kError, std::move(loc), std::move(message), {}};
  if (!hint.empty()) d.hints.push_back(std::move(hint));
  items_.push_back(std::move(d));
  return items_.back();
}

Diagnostic& Diagnostics::warning(SourceLocation loc, std::string message, std::string hint) {
  Diagnostic d{Severity::kWarning, std::move(loc), std::move(message), {}};
  if (!hint.empty()) d.hints.push_back(std::move(hint));
  items_.push_back(std::move(d));
  return items_.back();
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

namespace {

// The 1-based line `line` of text, without its newline; "" when out of range.
std::string_view line_of(std::string_view text, int line) {
  std::size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  std::size_t end = text.find('\n', pos);
  std::string_view l = text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

// Quoted lines are shown as they are, but control bytes would corrupt a terminal.
std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) out += (c == '\t' ? ' ' : (c < 32 || c == 127) ? '?' : static_cast<char>(c));
  return out;
}

}  // namespace

std::string render_diagnostics(const Diagnostics& diags, const SourceTexts& sources, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* red = color ? "\033[1;31m" : "";
  const char* yellow = color ? "\033[1;33m" : "";
  const char* cyan = color ? "\033[1;36m" : "";
  const char* green = color ? "\033[1;32m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::ostringstream out;
  for (const Diagnostic& d : diags) {
    const char* sev_color = d.severity == Severity::kError ? red : d.severity == Severity::kWarning ? yellow : cyan;
    // A diagnostic about no file at all ("no Kubernetes configuration found") starts at its severity.
    if (!d.loc.str().empty()) out << bold << d.loc.str() << ":" << reset << " ";
    out << sev_color << severity_name(d.severity) << ":" << reset
        << " " << bold << d.message << reset << "\n";
    if (d.loc.known()) {
      auto it = sources.find(d.loc.file);
      if (it != sources.end()) {
        std::string_view l = line_of(it->second, d.loc.line);
        if (!l.empty() || d.loc.col <= 1) {
          out << "  " << printable(l.substr(0, 400)) << "\n";
          int col = std::max(1, std::min<int>(d.loc.col, static_cast<int>(l.size()) + 1));
          out << "  " << std::string(col - 1, ' ') << green << "^" << reset << "\n";
        }
      }
    }
    for (const std::string& h : d.hints) out << "  " << cyan << "hint:" << reset << " " << h << "\n";
  }
  return out.str();
}

namespace {
// Optimal string alignment distance, case-insensitive: a swapped pair of letters ("prots") costs one
// edit, as a person would count it.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}
}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // A third of the word's length (at least 1, at most 3) keeps suggestions plausible: "nmae" finds
  // "name", but "x" does not find "ssd".
  std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    if (word.size() > 64 || c.size() > 64) continue;  // bounded work on hostile input
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace bg
