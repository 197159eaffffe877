#include "catalog/shape.h"

#include <algorithm>

#include "spec/loader.h"

namespace bg::catalog {

Shape::Shape() = default;
Shape::Shape(const Shape&) = default;
Shape::Shape(Shape&&) noexcept = default;
Shape& Shape::operator=(const Shape&) = default;
Shape& Shape::operator=(Shape&&) noexcept = default;
Shape::~Shape() = default;

namespace {

Shape of_kind(Shape::Kind kind) {
  Shape s;
  s.kind = kind;
  return s;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

const Shape* field_of(const Shape& mapping, const std::string& key) {
  for (const Shape& f : mapping.fields)
    if (f.key == key) return &f;
  return nullptr;
}

// Walks one node against its shape, reporting as it goes; `ok` turns false on the first report.
class ShapeChecker {
 public:
  ShapeChecker(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  void check(const yaml::Node& n, const Shape& s, const std::string& name) {
    switch (s.kind) {
      case Shape::Kind::kString:
        if (expect(n, yaml::NodeKind::kString, name, "a string")) one_of(n, s, name);
        return;
      case Shape::Kind::kInt:
        if (!expect(n, yaml::NodeKind::kInt, name, "an integer",
                    "write a whole number from " + std::to_string(s.min) + " to " + std::to_string(s.max)))
          return;
        if (n.int_value < s.min || n.int_value > s.max)
          error(n, name + " is " + std::to_string(n.int_value) + ", out of range",
                "use a value from " + std::to_string(s.min) + " to " + std::to_string(s.max));
        return;
      case Shape::Kind::kBool:
        expect(n, yaml::NodeKind::kBool, name, "true or false");
        return;
      case Shape::Kind::kQuantity:
        quantity(n, s, name);
        return;
      case Shape::Kind::kStrings:
        if (!expect(n, yaml::NodeKind::kSequence, name, "a list of strings")) return;
        for (std::size_t i = 0; i < n.items.size(); ++i) {
          std::string item = name + "[" + std::to_string(i) + "]";
          if (expect(n.items[i], yaml::NodeKind::kString, item, "a string")) one_of(n.items[i], s, item);
        }
        return;
      case Shape::Kind::kStringMap:
        if (!expect(n, yaml::NodeKind::kMapping, name, "a mapping")) return;
        for (const auto& [k, v] : n.entries) expect(v, yaml::NodeKind::kString, name + "." + k.text, "a string");
        return;
      case Shape::Kind::kMapping:
        mapping(n, s, name);
        return;
      case Shape::Kind::kList:
        if (!expect(n, yaml::NodeKind::kSequence, name, "a list")) return;
        for (std::size_t i = 0; i < n.items.size(); ++i) check(n.items[i], s.fields.front(), name + "[" + std::to_string(i) + "]");
        return;
    }
  }

  bool ok() const { return ok_; }

 private:
  void mapping(const yaml::Node& n, const Shape& s, const std::string& name) {
    if (!expect(n, yaml::NodeKind::kMapping, name, "a mapping")) return;
    std::vector<std::string> keys;
    for (const Shape& f : s.fields) keys.push_back(f.key);
    for (const auto& [k, v] : n.entries) {
      if (const Shape* f = field_of(s, k.text)) {
        check(v, *f, name + "." + k.text);
        continue;
      }
      std::string near = closest_match(k.text, keys);
      error(k, "unknown field \"" + k.text + "\" in " + name,
            near.empty() ? name + " takes: " + joined(keys) : "did you mean \"" + near + "\"?");
    }
    for (const Shape& f : s.fields) {
      if (f.required && !n.find(f.key))
        error(n, name + " is missing required field \"" + f.key + "\"", "add `" + f.key + ":` (see docs/blueprints.md)");
    }
  }

  void quantity(const yaml::Node& n, const Shape& s, const std::string& name) {
    bool number = n.kind == yaml::NodeKind::kInt || n.kind == yaml::NodeKind::kFloat;  // `cpu: 2` is as good as "2"
    if (!number && !expect(n, yaml::NodeKind::kString, name, "a quantity", "write a Kubernetes quantity such as 500m, 2 or 512Mi"))
      return;
    if (!spec::is_quantity(n.text))
      error(n, name + " \"" + n.text + "\" is not a quantity",
            s.key == "cpu" ? "write cores such as 500m or 2" : "write a size such as 512Mi or 4Gi");
  }

  void one_of(const yaml::Node& n, const Shape& s, const std::string& name) {
    if (s.one_of.empty() || std::find(s.one_of.begin(), s.one_of.end(), n.text) != s.one_of.end()) return;
    std::string hint = "use one of: " + joined(s.one_of);
    std::string near = closest_match(n.text, s.one_of);
    error(n, "invalid value \"" + n.text + "\" for " + name, near.empty() ? hint : "did you mean \"" + near + "\"? (" + hint + ")");
  }

  // True when `n` is of `kind`; else a located error ("<name> must be <noun>, got list") with
  // `hint`, or the usual one for the kind.
  bool expect(const yaml::Node& n, yaml::NodeKind kind, const std::string& name, const std::string& noun,
              std::string hint = {}) {
    if (n.kind == kind) return true;
    if (hint.empty()) {
      if (kind == yaml::NodeKind::kString)
        hint = n.is_scalar() && n.kind != yaml::NodeKind::kNull ? "quote the value to make it a string: \"" + n.text + "\""
                                                                : "write a string";
      else if (kind == yaml::NodeKind::kBool) hint = "write true or false (YAML 1.2: yes/no/on/off are strings)";
      else if (kind == yaml::NodeKind::kSequence) hint = "write one `- item` line per entry, or `[a, b]`";
      else hint = "write one `key: value` line per entry";
    }
    error(n, name + " must be " + noun + ", got " + std::string(yaml::kind_name(n.kind)), hint);
    return false;
  }

  void error(const yaml::Node& at, const std::string& message, const std::string& hint) {
    diags_.error({file_, at.mark.line, at.mark.col}, message, hint);
    ok_ = false;
  }

  const std::string& file_;
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

Shape string_shape(std::vector<std::string> one_of) {
  Shape s = of_kind(Shape::Kind::kString);
  s.one_of = std::move(one_of);
  return s;
}

Shape int_shape(int64_t min, int64_t max) {
  Shape s = of_kind(Shape::Kind::kInt);
  s.min = min;
  s.max = max;
  return s;
}

Shape bool_shape() { return of_kind(Shape::Kind::kBool); }
Shape quantity_shape() { return of_kind(Shape::Kind::kQuantity); }

Shape strings_shape(std::vector<std::string> one_of) {
  Shape s = of_kind(Shape::Kind::kStrings);
  s.one_of = std::move(one_of);
  return s;
}

Shape string_map_shape() { return of_kind(Shape::Kind::kStringMap); }

Shape mapping_shape(std::vector<Shape> fields) {
  Shape s = of_kind(Shape::Kind::kMapping);
  s.fields = std::move(fields);
  return s;
}

Shape list_shape(Shape item) {
  Shape s = of_kind(Shape::Kind::kList);
  s.fields.push_back(std::move(item));
  return s;
}

Shape field(std::string key, Shape shape, bool required) {
  shape.key = std::move(key);
  shape.required = required;
  return shape;
}

bool check_shape(const yaml::Node& node, const Shape& shape, const std::string& name, const std::string& file,
                 Diagnostics& diags) {
  ShapeChecker checker(file, diags);
  checker.check(node, shape, name);
  return checker.ok();
}

}  // namespace bg::catalog
