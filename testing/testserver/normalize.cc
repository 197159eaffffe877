#include "testing/testserver/normalize.h"

#include <cctype>
#include <set>

namespace bg::testserver {

using nlohmann::json;

namespace {

using i128 = __int128;
constexpr i128 kLimit = static_cast<i128>(1) << 120;  // beyond it, leave the quantity as sent

std::string to_string(i128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  std::string s;
  for (; v != 0; v /= 10) s.insert(s.begin(), static_cast<char>('0' + (negative ? -(v % 10) : v % 10)));
  return negative ? "-" + s : s;
}

int floor_div(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

enum class Format { kDecimalSI, kBinarySI, kDecimalExponent };

// value = n * 10^e, as resource.Quantity parses "<sign><digits>[.<digits>]<suffix>".
struct Parsed {
  i128 n = 0;
  int e = 0;
  Format format = Format::kDecimalSI;
};

std::optional<Parsed> parse(const std::string& s) {
  Parsed p;
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int digits = 0;
  bool fraction = false;
  for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || (s[i] == '.' && !fraction)); ++i) {
    if (s[i] == '.') {
      fraction = true;
      continue;
    }
    if (++digits > 30) return std::nullopt;
    p.n = p.n * 10 + (s[i] - '0');
    if (fraction) --p.e;
  }
  if (digits == 0) return std::nullopt;
  std::string suffix = s.substr(i);
  static const std::pair<const char*, int> kDecimal[] = {{"", 0},  {"n", -9}, {"u", -6}, {"m", -3}, {"k", 3},
                                                         {"M", 6}, {"G", 9},  {"T", 12}, {"P", 15}, {"E", 18}};
  static const std::pair<const char*, int> kBinary[] = {{"Ki", 10}, {"Mi", 20}, {"Gi", 30},
                                                        {"Ti", 40}, {"Pi", 50}, {"Ei", 60}};
  bool known = false;
  for (const auto& [name, exp] : kDecimal)
    if (suffix == name) p.e += exp, known = true;
  for (const auto& [name, bits] : kBinary)
    if (suffix == name) {
      if (p.n >= (kLimit >> bits)) return std::nullopt;
      p.n <<= bits;
      p.format = Format::kBinarySI;
      known = true;
    }
  if (!known) {
    if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return std::nullopt;
    std::size_t at = 1;
    bool neg_exp = suffix[at] == '-';
    if (suffix[at] == '-' || suffix[at] == '+') ++at;
    if (at == suffix.size() || suffix.size() - at > 3) return std::nullopt;
    int exp = 0;
    for (; at < suffix.size(); ++at) {
      if (!std::isdigit(static_cast<unsigned char>(suffix[at]))) return std::nullopt;
      exp = exp * 10 + (suffix[at] - '0');
    }
    p.e += neg_exp ? -exp : exp;
    p.format = Format::kDecimalExponent;
  }
  if (negative) p.n = -p.n;
  return p;
}

void drop_trailing_zeros(Parsed& p) {
  while (p.n != 0 && p.n % 10 == 0) p.n /= 10, ++p.e;
}

}  // namespace

std::optional<std::string> canonical_quantity(const json& value) {
  std::string text;
  if (value.is_number()) text = value.dump();
  else if (value.is_string()) text = value.get<std::string>();
  else return std::nullopt;
  auto parsed = parse(text);
  if (!parsed) return std::nullopt;
  Parsed p = *parsed;
  if (p.n == 0) return "0";
  drop_trailing_zeros(p);
  if (p.e < -9) {  // finer than nano is rounded up to it
    i128 div = 1;
    for (int k = p.e; k < -9; ++k) div *= 10;
    p.n = p.n / div + (p.n % div > 0 ? 1 : 0);
    p.e = -9;
    if (p.n == 0) return "0";
    drop_trailing_zeros(p);
  }
  if (p.e > 36) return std::nullopt;
  if (p.format == Format::kBinarySI) {
    i128 v = p.n;
    for (int k = 0; k < p.e && v != 0; ++k) v *= 10;
    if (p.e >= 0 && (v >= 1024 || v <= -1024)) {  // whole and not small: in powers of 1024
      static const char* kSuffix[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
      int k = 0;
      while (k < 6 && v % 1024 == 0) v /= 1024, ++k;
      return to_string(v) + kSuffix[k];
    }
    p.format = Format::kDecimalSI;
  }
  int exp = floor_div(p.e, 3) * 3;
  i128 mantissa = p.n;
  for (int k = exp; k < p.e; ++k) mantissa *= 10;
  if (p.format == Format::kDecimalExponent) return to_string(mantissa) + (exp == 0 ? "" : "e" + std::to_string(exp));
  static const std::pair<int, const char*> kSuffix[] = {{-9, "n"}, {-6, "u"}, {-3, "m"}, {0, ""},  {3, "k"},
                                                        {6, "M"},  {9, "G"},  {12, "T"}, {15, "P"}, {18, "E"}};
  for (const auto& [e, name] : kSuffix)
    if (e == exp) return to_string(mantissa) + name;
  return to_string(mantissa) + "e" + std::to_string(exp);
}

namespace {

// Maps (Go map types, omitempty) by field name; every other object is a struct and stays when empty.
const std::set<std::string> kMaps = {"labels", "annotations", "data",     "binaryData",  "stringData",
                                     "matchLabels", "nodeSelector", "limits", "requests", "capacity",
                                     "allocatable", "hard", "used", "overhead"};
// Maps whose values are quantities.
const std::set<std::string> kQuantityMaps = {"limits", "requests", "capacity", "allocatable", "hard", "used", "overhead"};
const std::set<std::string> kLimitRangeMaps = {"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"};

void canonicalize_values(json& map) {
  for (auto& [k, v] : map.items())
    if (auto q = canonical_quantity(v)) v = *q;
}

void walk(json& obj, const std::string& kind, int& dropped) {
  std::vector<std::string> drop;
  for (auto& [key, value] : obj.items()) {
    if (key == "managedFields" || key == "openAPIV3Schema") continue;  // not Go structs' round trip
    bool map = kMaps.count(key) || (kind == "LimitRange" && kLimitRangeMaps.count(key));
    if (value.is_object()) {
      if (kQuantityMaps.count(key) || (kind == "LimitRange" && kLimitRangeMaps.count(key))) canonicalize_values(value);
      walk(value, kind, dropped);
      if (value.empty() && map) drop.push_back(key);
    } else if (value.is_array()) {
      for (json& element : value)
        if (element.is_object()) walk(element, kind, dropped);
      if (value.empty()) drop.push_back(key);
    } else if (key == "sizeLimit") {
      if (auto q = canonical_quantity(value)) value = *q;
    }
  }
  for (const std::string& key : drop) obj.erase(key);
  dropped += static_cast<int>(drop.size());
}

}  // namespace

bool normalize_builtin(const ResourceType& rt, json& obj) {
  if (rt.from_crd || !obj.is_object()) return false;
  // Not omitempty: an empty list is encoded as null.
  bool null_rules = (rt.kind == "Role" || rt.kind == "ClusterRole") && obj.contains("rules") &&
                    obj["rules"].is_array() && obj["rules"].empty();
  int in_spec = 0, elsewhere = 0;
  if (obj.contains("spec") && obj["spec"].is_object()) walk(obj["spec"], rt.kind, in_spec);
  walk(obj, rt.kind, elsewhere);
  if (rt.kind == "Service" || rt.kind == "ReplicationController")  // spec.selector is a map there
    if (obj.contains("spec") && obj["spec"].is_object() && obj["spec"].contains("selector") &&
        obj["spec"]["selector"].is_object() && obj["spec"]["selector"].empty())
      obj["spec"].erase("selector");
  if (rt.kind == "StorageClass" && obj.contains("parameters") && obj["parameters"].is_object() &&
      obj["parameters"].empty())
    obj.erase("parameters");
  if (null_rules) obj["rules"] = nullptr;
  return in_spec > 0;
}

}  // namespace bg::testserver
