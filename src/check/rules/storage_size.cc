// storage-size: a volume's size is one somebody means. Kubernetes reads a number without a unit as
// bytes, so `storage: "50"` (what a person writes meaning 50 GiB) is a 50-byte volume that the API
// server accepts and the first write fills. Sizes without a unit, and sizes under 1Mi, are reported
// with the unit they most likely lacked.
#include <cmath>
#include <regex>

#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

constexpr double kMi = 1024.0 * 1024.0;

struct Size {
  std::string number;  // as written, e.g. "50"
  std::string unit;    // "Gi", "k", "e3", or "" for none
  double bytes = 0;
};

// A Kubernetes quantity's bytes, or nothing when the text is not a quantity (schema reports that).
std::optional<Size> parse_size(const std::string& text) {
  static const std::regex re(R"(^[+]?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$)");
  std::smatch m;
  if (text.size() >= 64 || !std::regex_match(text, m, re)) return std::nullopt;
  Size s{m[1].str(), m[2].str(), std::stod(m[1].str())};
  static const std::pair<const char*, double> kUnits[] = {
      {"m", 1e-3},          {"k", 1e3},           {"M", 1e6},           {"G", 1e9},
      {"T", 1e12},          {"P", 1e15},          {"E", 1e18},          {"Ki", 1024.0},
      {"Mi", kMi},          {"Gi", kMi * 1024},   {"Ti", std::pow(2.0, 40)}, {"Pi", std::pow(2.0, 50)},
      {"Ei", std::pow(2.0, 60)}};
  if (!s.unit.empty() && (s.unit[0] == 'e' || s.unit[0] == 'E')) {
    s.bytes *= std::pow(10.0, std::stod(s.unit.substr(1)));
  } else {
    for (const auto& [unit, factor] : kUnits)
      if (s.unit == unit) s.bytes *= factor;
  }
  return s;
}

}  // namespace

void storage_size(const ObjectContext& c, Out& out) {
  const Subject& s = c.subject;
  if (!s.id.group().empty()) return;
  Path path;
  if (s.kind() == "PersistentVolume") path = {"spec", "capacity", "storage"};
  else if (s.kind() == "PersistentVolumeClaim") path = {"spec", "resources", "requests", "storage"};
  else return;
  const Value* v = &s.body;
  for (const std::string& key : path) v = field(v, key);
  if (v == nullptr || !v->is_scalar() || v->kind == yaml::NodeKind::kNull) return;
  std::optional<Size> size = parse_size(v->text);
  if (!size) return;
  std::string hint = "write the size with its unit, e.g. \"" + size->number + "Gi\" or \"" + size->number + "Mi\"";
  if (size->unit.empty()) {
    out.add("storage-size", path, "size \"" + v->text + "\" has no unit, so it is " + v->text + " bytes", hint);
  } else if (size->bytes < kMi) {
    out.add("storage-size", path, "size \"" + v->text + "\" is under 1Mi, too small for a volume", hint);
  }
}

}  // namespace bg::check::rules
