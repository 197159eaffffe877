// The text report: one block per file, in the order findings are sorted (input order).
#include <map>
#include <sstream>

#include "check/report.h"
#include "check/source_lines.h"

namespace bg::check {
namespace {

std::string printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) out += (c == '\t' ? ' ' : (c < 32 || c == 127) ? '?' : static_cast<char>(c));
  return out;
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string count_text(const std::vector<Finding>& findings) {
  std::size_t by[3] = {0, 0, 0};
  for (const Finding& f : findings) ++by[static_cast<int>(f.severity)];
  std::string out = plural(findings.size(), "finding");
  std::string parts;
  const char* names[3] = {"error", "warning", "info"};
  for (int i = 0; i < 3; ++i) {
    if (by[i] == 0) continue;
    parts += (parts.empty() ? "" : ", ") + (i == 2 ? std::to_string(by[i]) + " info" : plural(by[i], names[i]));
  }
  return parts.empty() ? out : out + " (" + parts + ")";
}

std::string report_text(const Report& r, bool color) {
  const char* bold = color ? "\033[1m" : "";
  const char* red = color ? "\033[1;31m" : "";
  const char* yellow = color ? "\033[1;33m" : "";
  const char* cyan = color ? "\033[1;36m" : "";
  const char* green = color ? "\033[1;32m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::ostringstream out;
  std::map<std::string, SourceLines, std::less<>> indexed;
  std::size_t i = 0;
  while (i < r.findings.size()) {
    const std::string& file = r.findings[i].loc.file;
    std::size_t end = i;
    while (end < r.findings.size() && r.findings[end].loc.file == file) ++end;
    std::vector<Finding> group(r.findings.begin() + static_cast<std::ptrdiff_t>(i),
                               r.findings.begin() + static_cast<std::ptrdiff_t>(end));
    out << bold << (file.empty() ? "(no file)" : file) << reset << ": " << count_text(group) << "\n";
    const SourceLines* lines = nullptr;
    if (auto src = r.sources.find(file); src != r.sources.end())
      lines = &indexed.try_emplace(file, src->second).first->second;
    for (; i < end; ++i) {
      const Finding& f = r.findings[i];
      const char* sev = f.severity == Severity::kError ? red : f.severity == Severity::kWarning ? yellow : cyan;
      // A document that is not an object has no name and no path: say only what is wrong.
      std::string where = f.object.identity();
      if (!f.path.empty()) where += (where.empty() ? "" : " ") + path_string(f.path);
      if (where.find_first_not_of(' ') == std::string::npos) where.clear();
      out << bold << f.loc.str() << ":" << reset << " " << sev << severity_name(f.severity) << ":" << reset << " "
          << bold << (where.empty() ? "" : where + ": ") << f.message << reset << " [" << f.rule << "]\n";
      if (lines && f.loc.known()) {
        std::string_view l = lines->line(f.loc.line);
        if (!l.empty() || f.loc.col <= 1) {
          out << "  " << printable(l.substr(0, 400)) << "\n";
          int col = std::max(1, std::min<int>(f.loc.col, static_cast<int>(l.size()) + 1));
          out << "  " << std::string(static_cast<std::size_t>(col - 1), ' ') << green << "^" << reset << "\n";
        }
      }
      if (!f.hint.empty()) out << "  " << cyan << "hint:" << reset << " " << f.hint << "\n";
    }
    out << "\n";
  }
  out << plural(r.summary.objects, "object") << " checked, " << count_text(r.findings);
  if (r.summary.suppressed) out << ", " << r.summary.suppressed << " suppressed";
  out << "\n";
  return out.str();
}

}  // namespace bg::check
