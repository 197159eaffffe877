// A plain-text table in kubectl's style: upper-case headers, columns padded with spaces, no borders.
#pragma once

#include <string>
#include <vector>

namespace bg::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : rows_{std::move(headers)} {}
  void row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  std::string str(const std::string& indent = "") const;
  bool empty() const { return rows_.size() <= 1; }

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace bg::cli
