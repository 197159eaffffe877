#include "common/duration.h"

#include <cctype>
#include <string>

namespace bg {

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Status::terminal("\"" + std::string(text) + "\" is not a duration: " + why +
                            " (examples: 10s, 500ms, 1m30s)");
  };
  if (text.empty()) return bad("it is empty");
  bool bare = text.find_first_not_of("0123456789.") == std::string_view::npos;
  double total_ms = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    std::string number(text.substr(start, i - start));
    // std::stod throws on "." and reads "1.2.3" as 1.2: neither is a number here.
    if (number.find_first_of("0123456789") == std::string::npos || number.find('.') != number.rfind('.'))
      return bad("a number must come before each unit");
    double value = std::stod(number);
    std::size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string_view unit = text.substr(unit_start, i - unit_start);
    if (unit.empty() && bare) unit = "s";
    double scale = unit == "h" ? 3600e3 : unit == "m" ? 60e3 : unit == "s" ? 1e3 : unit == "ms" ? 1 : unit == "us" ? 1e-3
                 : unit == "ns" ? 1e-6 : -1;
    if (scale < 0) return bad(unit.empty() ? "a unit is missing" : "unknown unit \"" + std::string(unit) + "\"");
    total_ms += value * scale;
  }
  auto ms = std::chrono::milliseconds(static_cast<long long>(total_ms + 0.5));
  if (ms.count() <= 0) return bad("it must be at least 1ms");
  return ms;
}

}  // namespace bg
