#include "catalog/shape.h"

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace bg::catalog {
namespace {

// A shape of every kind: {name (required), size: 1..10, on, amount, tags, labels, parts: [{kind: a|b}]}.
const Shape& sample() {
  static const Shape shape = mapping_shape({
      field("name", string_shape(), true),
      field("size", int_shape(1, 10)),
      field("on", bool_shape()),
      field("amount", quantity_shape()),
      field("tags", strings_shape()),
      field("labels", string_map_shape()),
      field("parts", list_shape(mapping_shape({field("kind", string_shape({"a", "b"}))}))),
  });
  return shape;
}

// "file:line:col message" of each diagnostic from checking `text` against the sample.
std::vector<std::string> check(const std::string& text) {
  yaml::LoadResult loaded = yaml::load(text, "s.yaml");
  EXPECT_EQ(loaded.documents.size(), 1u);
  Diagnostics diags;
  bool ok = check_shape(loaded.documents.at(0).root, sample(), "sample", "s.yaml", diags);
  EXPECT_EQ(ok, diags.empty());
  std::vector<std::string> out;
  for (const Diagnostic& d : diags) {
    EXPECT_FALSE(d.hints.empty()) << d.message;
    out.push_back(d.loc.str() + " " + d.message);
  }
  return out;
}

TEST(Shape, AValueThatFitsIsAccepted) {
  EXPECT_EQ(check("name: x\nsize: 3\non: true\namount: 1.5Gi\ntags: [a]\nlabels: {k: v}\nparts: [{kind: b}]\n"),
            std::vector<std::string>{});
  EXPECT_EQ(check("name: x\namount: 2\n"), std::vector<std::string>{});  // a number is a quantity
}

TEST(Shape, EachMistakeIsReportedAtItsNodeAndNamedByItsPath) {
  EXPECT_EQ(check("size: 11\non: yes\namount: [1]\ntags: [a, 2]\nlabels: {k: 1}\nparts: [{kind: c}, 3]\nextra: 1\n"),
            (std::vector<std::string>{
                "s.yaml:1:7 sample.size is 11, out of range",
                "s.yaml:2:5 sample.on must be true or false, got string",
                "s.yaml:3:9 sample.amount must be a quantity, got list",
                "s.yaml:4:11 sample.tags[1] must be a string, got integer",
                "s.yaml:5:13 sample.labels.k must be a string, got integer",
                "s.yaml:6:16 invalid value \"c\" for sample.parts[0].kind",
                "s.yaml:6:20 sample.parts[1] must be a mapping, got integer",
                "s.yaml:7:1 unknown field \"extra\" in sample",
                "s.yaml:1:1 sample is missing required field \"name\"",
            }));
}

TEST(Shape, AQuantityIsCheckedAsKubernetesReadsIt) {
  EXPECT_EQ(check("name: x\namount: 1.5.5\n"), std::vector<std::string>{"s.yaml:2:9 sample.amount \"1.5.5\" is not a quantity"});
  EXPECT_EQ(check("name: x\namount: true\n"), std::vector<std::string>{"s.yaml:2:9 sample.amount must be a quantity, got boolean"});
}

TEST(Shape, AWholeValueOfTheWrongKindIsOneMistake) {
  EXPECT_EQ(check("[name]\n"), std::vector<std::string>{"s.yaml:1:1 sample must be a mapping, got list"});
  EXPECT_EQ(check("null\n"), std::vector<std::string>{"s.yaml:1:1 sample must be a mapping, got null"});
}

}  // namespace
}  // namespace bg::catalog
