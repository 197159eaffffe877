// SourceLines: the lines of one input file, indexed once, so that quoting a line for each of many
// findings in a large file stays linear.
#pragma once

#include <string_view>
#include <vector>

namespace bg::check {

class SourceLines {
 public:
  explicit SourceLines(std::string_view text) : text_(text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') starts_.push_back(i + 1);
  }
  // The 1-based line `n` without its line break; "" when out of range.
  std::string_view line(int n) const {
    if (n < 1 || static_cast<std::size_t>(n) > starts_.size()) return {};
    std::size_t b = starts_[static_cast<std::size_t>(n) - 1];
    std::size_t e = static_cast<std::size_t>(n) < starts_.size() ? starts_[static_cast<std::size_t>(n)] - 1 : text_.size();
    std::string_view l = text_.substr(b, e - b);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  }
  // The code-point column of 1-based byte column `col` on line `n`.
  int code_point_column(int n, int col) const {
    std::string_view l = line(n);
    int out = 1;
    for (std::size_t b = 0; b < l.size() && b + 1 < static_cast<std::size_t>(col); ++b)
      out += (static_cast<unsigned char>(l[b]) & 0xC0) != 0x80;
    return out;
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
};

}  // namespace bg::check
