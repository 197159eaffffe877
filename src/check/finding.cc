#include "check/finding.h"

namespace bg::check {

std::string path_string(const std::vector<std::string>& path) {
  std::size_t size = 0;
  for (const std::string& p : path) size += p.size() + 2;
  std::string out;
  out.reserve(size);
  for (const std::string& p : path) {
    bool index = !p.empty() && p.find_first_not_of("0123456789") == std::string::npos;
    if (index) {
      out += '[';
      out += p;
      out += ']';
    } else {
      if (!out.empty()) out += '.';
      out += p;
    }
  }
  return out;
}

Diagnostics to_diagnostics(const std::vector<Finding>& findings) {
  Diagnostics out;
  for (const Finding& f : findings) {
    std::string where = f.object.identity();
    if (!f.path.empty()) where += " " + path_string(f.path);
    Diagnostic d{f.severity, f.loc, where + ": " + f.message + " [" + f.rule + "]", {}};
    if (!f.hint.empty()) d.hints.push_back(f.hint);
    out.add(std::move(d));
  }
  return out;
}

}  // namespace bg::check
