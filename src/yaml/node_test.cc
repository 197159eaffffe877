#include "yaml/node.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace bg::yaml {
namespace {

Node parse(std::string_view text) {
  LoadResult r = load(text, "t.yaml");
  EXPECT_TRUE(r.diagnostics.empty()) << (r.diagnostics.empty() ? "" : r.diagnostics.items()[0].message);
  EXPECT_EQ(r.documents.size(), 1u);
  return r.documents.empty() ? Node{} : r.documents[0].root;
}

TEST(YamlNode, KindNamesAreTheWordsMessagesUse) {
  EXPECT_EQ(kind_name(NodeKind::kNull), "null");
  EXPECT_EQ(kind_name(NodeKind::kBool), "boolean");
  EXPECT_EQ(kind_name(NodeKind::kInt), "integer");
  EXPECT_EQ(kind_name(NodeKind::kFloat), "number");
  EXPECT_EQ(kind_name(NodeKind::kString), "string");
  EXPECT_EQ(kind_name(NodeKind::kSequence), "list");
  EXPECT_EQ(kind_name(NodeKind::kMapping), "mapping");
}

TEST(YamlNode, FindReturnsTheValueAndFindKeyTheKey) {
  Node root = parse("name: web\nport: 80\n");
  ASSERT_NE(root.find("port"), nullptr);
  EXPECT_EQ(root.find("port")->int_value, 80);
  EXPECT_EQ(root.find("port")->mark, (Mark{2, 7}));
  ASSERT_NE(root.find_key("port"), nullptr);
  EXPECT_EQ(root.find_key("port")->mark, (Mark{2, 1}));
  EXPECT_EQ(root.find("missing"), nullptr);
  EXPECT_EQ(root.find_key("missing"), nullptr);
}

TEST(YamlNode, FindOnANonMappingIsNull) {
  Node seq = parse("[a, b]");
  EXPECT_EQ(seq.find("a"), nullptr);
  EXPECT_EQ(seq.find_key("0"), nullptr);
  Node scalar = parse("a");
  EXPECT_EQ(scalar.find("a"), nullptr);
}

TEST(YamlNode, ToJsonKeepsEveryScalarKind) {
  Node root = parse(
      "s: text\nq: \"123\"\ni: -42\nbig: 9223372036854775807\nf: 2.5\nt: true\nn: ~\n"
      "l: [1, x]\nm: {}\n");
  nlohmann::json j = to_json(root);
  EXPECT_EQ(j.dump(),
            R"({"big":9223372036854775807,"f":2.5,"i":-42,"l":[1,"x"],"m":{},"n":null,"q":"123",)"
            R"("s":"text","t":true})");
  EXPECT_TRUE(j["i"].is_number_integer());
  EXPECT_TRUE(j["f"].is_number_float());
}

TEST(YamlNode, ToJsonUsesTheKeyTextForNonStringKeys) {
  nlohmann::json j = to_json(parse("1: one\ntrue: yes\n~: nothing\n"));
  EXPECT_EQ(j.dump(), R"({"1":"one","true":"yes","~":"nothing"})");
}

TEST(YamlNode, ToJsonOfAHandBuiltFloat) {
  Node n;
  n.kind = NodeKind::kFloat;
  n.float_value = -std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isinf(to_json(n).get<double>()));
}

struct LocateCase {
  const char* name;
  std::vector<std::string> path;
  bool prefer_key;
  Mark want;
};

class YamlNodeLocate : public ::testing::TestWithParam<LocateCase> {};

constexpr const char* kLocateDoc =
    "apiVersion: v1\n"          // 1
    "spec:\n"                   // 2
    "  containers:\n"           // 3
    "  - name: web\n"           // 4
    "    image: nginx\n"        // 5
    "    ports: [80, 443]\n";   // 6

TEST_P(YamlNodeLocate, FindsTheDeepestNodeOnThePath) {
  Node root = parse(kLocateDoc);
  EXPECT_EQ(locate(root, GetParam().path, GetParam().prefer_key), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Paths, YamlNodeLocate,
    ::testing::Values(
        LocateCase{"empty_path_is_the_root", {}, false, {1, 1}},
        LocateCase{"a_value_points_at_the_value", {"apiVersion"}, false, {1, 13}},
        LocateCase{"prefer_key_points_at_the_key", {"apiVersion"}, true, {1, 1}},
        LocateCase{"a_sequence_index_walks_into_items", {"spec", "containers", "0", "image"}, false, {5, 12}},
        LocateCase{"prefer_key_inside_a_list_item", {"spec", "containers", "0", "image"}, true, {5, 5}},
        LocateCase{"flow_items_are_reachable", {"spec", "containers", "0", "ports", "1"}, false, {6, 17}},
        LocateCase{"a_missing_key_stops_at_its_parent", {"spec", "containers", "0", "imagePullPolcy"}, true, {4, 5}},
        LocateCase{"an_index_past_the_end_stops_at_the_list", {"spec", "containers", "3", "name"}, false, {4, 3}},
        LocateCase{"a_non_numeric_index_stops_at_the_list", {"spec", "containers", "x"}, false, {4, 3}},
        LocateCase{"a_path_through_a_scalar_stops_there", {"apiVersion", "x"}, false, {1, 13}},
        LocateCase{"prefer_key_only_affects_the_last_step", {"spec", "containers"}, true, {3, 3}}),
    [](const auto& info) { return std::string(info.param.name); });

struct ResolveCase {
  const char* name;
  const char* text;
  NodeKind kind;
  double number;  // int or float value; ignored for other kinds
};

class YamlNodeResolution : public ::testing::TestWithParam<ResolveCase> {};

TEST_P(YamlNodeResolution, PlainScalarFollowsTheCoreSchema) {
  const ResolveCase& c = GetParam();
  Node n = plain_scalar(c.text);
  EXPECT_EQ(kind_name(n.kind), kind_name(c.kind));
  EXPECT_EQ(n.text, c.text);
  if (c.kind == NodeKind::kInt) {
    EXPECT_EQ(static_cast<double>(n.int_value), c.number);
  } else if (c.kind == NodeKind::kFloat && std::isnan(c.number)) {
    EXPECT_TRUE(std::isnan(n.float_value));
  } else if (c.kind == NodeKind::kFloat) {
    EXPECT_EQ(n.float_value, c.number);
  } else if (c.kind == NodeKind::kBool) {
    EXPECT_EQ(n.bool_value, c.number != 0);
  }
}

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

INSTANTIATE_TEST_SUITE_P(
    Table, YamlNodeResolution,
    ::testing::Values(
        ResolveCase{"empty_is_null", "", NodeKind::kNull, 0},
        ResolveCase{"tilde_is_null", "~", NodeKind::kNull, 0},
        ResolveCase{"null_is_null", "null", NodeKind::kNull, 0},
        ResolveCase{"Null_is_null", "Null", NodeKind::kNull, 0},
        ResolveCase{"NULL_is_null", "NULL", NodeKind::kNull, 0},
        ResolveCase{"nULL_is_a_string", "nULL", NodeKind::kString, 0},
        ResolveCase{"true_is_true", "true", NodeKind::kBool, 1},
        ResolveCase{"True_is_true", "True", NodeKind::kBool, 1},
        ResolveCase{"FALSE_is_false", "FALSE", NodeKind::kBool, 0},
        ResolveCase{"yes_stays_a_string", "yes", NodeKind::kString, 0},
        ResolveCase{"no_stays_a_string", "no", NodeKind::kString, 0},
        ResolveCase{"on_stays_a_string", "on", NodeKind::kString, 0},
        ResolveCase{"off_stays_a_string", "off", NodeKind::kString, 0},
        ResolveCase{"y_stays_a_string", "y", NodeKind::kString, 0},
        ResolveCase{"decimal_is_an_int", "42", NodeKind::kInt, 42},
        ResolveCase{"signed_decimal_is_an_int", "-17", NodeKind::kInt, -17},
        ResolveCase{"plus_sign_is_allowed", "+8", NodeKind::kInt, 8},
        ResolveCase{"leading_zero_is_decimal_in_yaml_1_2", "0755", NodeKind::kInt, 755},
        ResolveCase{"hex_is_an_int", "0x1f", NodeKind::kInt, 31},
        ResolveCase{"upper_hex_digits", "0xFF", NodeKind::kInt, 255},
        ResolveCase{"octal_is_an_int", "0o17", NodeKind::kInt, 15},
        ResolveCase{"bad_octal_is_a_string", "0o18", NodeKind::kString, 0},
        ResolveCase{"signed_hex_is_a_string", "-0x1f", NodeKind::kString, 0},
        ResolveCase{"underscores_are_a_string", "1_000", NodeKind::kString, 0},
        ResolveCase{"int64_min_is_an_int", "-9223372036854775808", NodeKind::kInt, -9223372036854775808.0},
        ResolveCase{"too_big_decimal_is_a_float", "99999999999999999999", NodeKind::kFloat, 1e20},
        ResolveCase{"too_big_hex_is_a_string", "0x10000000000000000", NodeKind::kString, 0},
        ResolveCase{"exponent_is_a_float", "1e3", NodeKind::kFloat, 1000},
        ResolveCase{"fraction_is_a_float", "2.5", NodeKind::kFloat, 2.5},
        ResolveCase{"leading_dot_is_a_float", ".5", NodeKind::kFloat, 0.5},
        ResolveCase{"trailing_dot_is_a_float", "1.", NodeKind::kFloat, 1},
        ResolveCase{"signed_exponent", "-1.5E-2", NodeKind::kFloat, -0.015},
        ResolveCase{"huge_exponent_is_infinity", "1e999", NodeKind::kFloat, kInf},
        ResolveCase{"inf_is_a_float", ".inf", NodeKind::kFloat, kInf},
        ResolveCase{"negative_inf", "-.Inf", NodeKind::kFloat, -kInf},
        ResolveCase{"nan_is_a_float", ".nan", NodeKind::kFloat, kNan},
        ResolveCase{"signed_nan_is_a_string", "-.nan", NodeKind::kString, 0},
        ResolveCase{"lone_dot_is_a_string", ".", NodeKind::kString, 0},
        ResolveCase{"exponent_without_digits_is_a_string", "1e", NodeKind::kString, 0},
        ResolveCase{"date_is_a_string", "2024-01-01", NodeKind::kString, 0},
        ResolveCase{"version_is_a_string", "1.2.3", NodeKind::kString, 0},
        ResolveCase{"quantity_is_a_string", "500m", NodeKind::kString, 0},
        ResolveCase{"sexagesimal_is_a_string", "1:30", NodeKind::kString, 0}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace bg::yaml
