#include "manifest/yaml_writer.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace bg::manifest {
namespace {

using nlohmann::json;

// Equality that also tells 1 from 1.0 and compares floats bit for bit (NaN equals NaN), which
// json's own operator== does not.
bool same(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case json::value_t::number_float: {
      double x = a.get<double>(), y = b.get<double>();
      return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof x) == 0;
    }
    case json::value_t::array:
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!same(a[i], b[i])) return false;
      }
      return true;
    case json::value_t::object:
      if (a.size() != b.size()) return false;
      for (auto it = a.begin(); it != a.end(); ++it) {
        if (!b.contains(it.key()) || !same(it.value(), b.at(it.key()))) return false;
      }
      return true;
    default: return a == b;
  }
}

// load(text) as JSON documents; fails the test on any diagnostic.
std::vector<json> reload(const std::string& text) {
  yaml::LoadResult r = yaml::load(text, "out.yaml");
  for (const Diagnostic& d : r.diagnostics) {
    ADD_FAILURE() << d.loc.str() << ": " << d.message << "\nin:\n" << text;
  }
  std::vector<json> out;
  for (const yaml::Document& doc : r.documents) out.push_back(yaml::to_json(doc.root));
  return out;
}

void expect_round_trip(const json& value) {
  std::string text = to_yaml(value);
  std::vector<json> back = reload(text);
  ASSERT_EQ(back.size(), 1u) << text;
  EXPECT_TRUE(same(back[0], value)) << "wrote:\n" << text << "read back: " << back[0].dump();
}

TEST(YamlWriter, WritesBlockStyleTheWayKubectlDoes) {
  json pod = json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{}},
    "spec":{"containers":[{"name":"web","args":[],"ports":[{"containerPort":80,"protocol":"TCP"}]}],
    "matrix":[[1,2],[]]}})");
  EXPECT_EQ(to_yaml(pod),
            "apiVersion: v1\n"
            "kind: Pod\n"
            "metadata:\n"
            "  labels: {}\n"
            "  name: web\n"
            "spec:\n"
            "  containers:\n"
            "  - args: []\n"
            "    name: web\n"
            "    ports:\n"
            "    - containerPort: 80\n"
            "      protocol: TCP\n"
            "  matrix:\n"
            "  - - 1\n"
            "    - 2\n"
            "  - []\n");
}

TEST(YamlWriter, TopLevelValuesAndEmptyCollections) {
  EXPECT_EQ(to_yaml(json::object()), "{}\n");
  EXPECT_EQ(to_yaml(json::array()), "[]\n");
  EXPECT_EQ(to_yaml(nullptr), "null\n");
  EXPECT_EQ(to_yaml(json::array({"a", 1})), "- a\n- 1\n");
  EXPECT_EQ(to_yaml("yes"), "\"yes\"\n");
}

struct ScalarCase {
  const char* name;
  json value;
  const char* yaml;  // to_yaml({"k": value})
};

class YamlWriterScalars : public ::testing::TestWithParam<ScalarCase> {};

TEST_P(YamlWriterScalars, AreWrittenExactly) {
  EXPECT_EQ(to_yaml(json{{"k", GetParam().value}}), std::string("k: ") + GetParam().yaml + "\n");
}

INSTANTIATE_TEST_SUITE_P(
    Table, YamlWriterScalars,
    ::testing::Values(
        ScalarCase{"ordinary_text_is_plain", "nginx:1.27", "nginx:1.27"},
        ScalarCase{"quantities_stay_plain", "500m", "500m"},
        ScalarCase{"yes_is_quoted_for_yaml_1_1_readers", "yes", "\"yes\""},
        ScalarCase{"off_is_quoted", "Off", "\"Off\""},
        ScalarCase{"octal_looking_digits_are_quoted", "0755", "\"0755\""},
        ScalarCase{"underscored_digits_are_quoted", "1_000", "\"1_000\""},
        ScalarCase{"dates_are_quoted", "2024-01-01", "\"2024-01-01\""},
        ScalarCase{"digit_strings_are_quoted", "123", "\"123\""},
        ScalarCase{"null_word_is_quoted", "null", "\"null\""},
        ScalarCase{"empty_is_quoted", "", "\"\""},
        ScalarCase{"leading_space_is_quoted", " a", "\" a\""},
        ScalarCase{"indicator_is_quoted", "*star", "\"*star\""},
        ScalarCase{"colon_space_is_quoted", "a: b", "\"a: b\""},
        ScalarCase{"space_hash_is_quoted", "a #b", "\"a #b\""},
        ScalarCase{"inner_quotes_and_backslashes_stay_plain", "say \"hi\" \\o/", "say \"hi\" \\o/"},
        ScalarCase{"escaped_when_quoted", "-\"\\", "\"-\\\"\\\\\""},
        ScalarCase{"control_characters_are_escaped", "a\x01\tb", "\"a\\x01\\tb\""},
        ScalarCase{"line_separator_is_escaped", "a\xE2\x80\xA8" "b", "\"a\\u2028b\""},
        ScalarCase{"invalid_utf8_becomes_replacement", "a\xFF", "\"a\\uFFFD\""},
        ScalarCase{"multi_line_text_is_a_block", "line one\nline two\n", "|\n  line one\n  line two"},
        ScalarCase{"block_without_final_newline_strips", "a\nb", "|-\n  a\n  b"},
        ScalarCase{"block_keeps_extra_final_newlines", "a\n\n", "|+\n  a\n"},
        ScalarCase{"trailing_spaces_force_double_quotes", "a \nb", "\"a \\nb\""},
        ScalarCase{"integers", 42, "42"},
        ScalarCase{"negative_integers", -7, "-7"},
        ScalarCase{"whole_floats_keep_a_point", 3.0, "3.0"},
        ScalarCase{"exponents_keep_a_point", 1e100, "1.0e+100"},
        ScalarCase{"fractions", 0.1, "0.1"},
        ScalarCase{"infinity", std::numeric_limits<double>::infinity(), ".inf"},
        ScalarCase{"booleans", false, "false"},
        ScalarCase{"null", nullptr, "null"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(YamlWriter, StreamsJoinDocumentsWithSeparators) {
  EXPECT_EQ(to_yaml_stream({}), "");
  std::string text = to_yaml_stream({json{{"a", 1}}, json::array({"x"}), json("a\nb\n\n")});
  EXPECT_EQ(text, "a: 1\n---\n- x\n---\n|+\n  a\n  b\n\n");
  std::vector<json> back = reload(text);
  ASSERT_EQ(back.size(), 3u);
  EXPECT_TRUE(same(back[2], "a\nb\n\n"));
}

TEST(YamlWriter, LongKeysUseTheExplicitKeyForm) {
  std::string key(1500, 'k');
  json value = {{key, {{"x", 1}}}, {"short", json::array({json{{key, "v"}}})}};
  expect_round_trip(value);
  EXPECT_NE(to_yaml(value).find("? kkk"), std::string::npos);
}

const char* const kTrickyStrings[] = {
    "", " ", "  a", "a ", "yes", "Yes", "YES", "no", "No", "on", "Off", "y", "n", "Y", "N", "true",
    "False", "null", "Null", "~", "-", "--", "---", "...", "- a", "-a", "?", "? a", ":", ":a", "a:",
    "a: b", "a:b", "a #b", "a#b", "#a", ",a", "[a]", "{a}", "&a", "*a", "!a", "|", "|a", ">", "'a'",
    "\"a\"", "%a", "@a", "`a", "0", "1", "-1", "+1", "0755", "0o17", "0x1f", "1_000", "1e3", "1E3",
    "1.5", ".5", "1.", ".", "..", ".inf", "-.inf", ".nan", "NaN", "inf", "2024-01-01",
    "2001-12-14t21:59:43.10-05:00", "12:30", "1:30:00", "0b101", "1.2.3", "500m", "1Gi", "v1",
    "a\nb", "a\n", "a\n\n", "\n", "\na", "\n\na\n", "a\r\nb", "\t", "a\tb", "a\x01" "b", "\x7F",
    "\xC2\x85", "a\xE2\x80\xA8" "b", "\xEF\xBB\xBF" "a", "\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC",
    "\xF0\x9F\x98\x80", "<<", "=", "a b", "a  b", "a\\b", "\\", "it's", "say \"hi\"", " #", "a\n b",
    "a \nb", "line1\nline2 ", "  lead\nx", "x\n  lead", "\xC2\xA0", "#", "a\n#b\n- c\n---\n...\n",
    "x\n\n\n", "k: v\n", "- item\n", "\"\n\"", "'\n'", "a\n\tb", "\xEF\xBF\xBE", "?a", "-1.5e-3",
    "0.", "+.inf", "TRUE", "~a", "a~", "a,b", "a]", "a}", "a|b", "a>b", "%", "@", "`",
};

TEST(YamlWriter, TrickyStringsRoundTripAsStrings) {
  for (const char* s : kTrickyStrings) {
    SCOPED_TRACE(json(s).dump());
    expect_round_trip(json(s));
    expect_round_trip(json{{"k", s}});
    expect_round_trip(json{{s, s}});
    expect_round_trip(json::array({s, json::array({s}), json{{s, json::array({s})}}}));
  }
  std::string nul("a\0b", 3);
  expect_round_trip(json{{"k", nul}});
}

// A small seeded generator standing in for a property-testing library.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint32_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state_ >> 33);
  }
  uint32_t below(uint32_t n) { return next() % n; }

  std::string text() {
    static const char* const kPieces[] = {" ", ":", ": ", "#", " #", "-", "?", "'", "\"", "\\", "\n",
                                          "\t", "\r", "0", "1", "x", "yes", "null", ".", "e", "_",
                                          "---", "...", "&", "*", "!", "|", ">", "{", "}", "[", "]",
                                          ",", "%", "@", "`", "~", "<<", "\xC3\xA9", "\xC2\x85"};
    std::string s;
    for (uint32_t n = below(8); n > 0; --n) {
      switch (below(8)) {
        case 0:
        case 1:
        case 2: s += kPieces[below(sizeof kPieces / sizeof *kPieces)]; break;
        case 3:
        case 4:
        case 5: s += static_cast<char>(0x20 + below(0x5F)); break;
        case 6: s += static_cast<char>(below(0x20)); break;
        default: append_code_point(s, 0x80 + below(0x10FF80)); break;
      }
    }
    return s;
  }

  // Scalars of every kind, and below depth 4 lists and mappings (always one at the top).
  json value(int depth) {
    switch (depth == 0 ? 6 + below(2) : below(depth > 3 ? 6 : 8)) {
      case 0: return nullptr;
      case 1: return below(2) == 1;
      case 2: return static_cast<int64_t>((uint64_t{next()} << 32) | next());
      case 3: {
        uint64_t bits = (uint64_t{next()} << 32) | next();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return below(2) ? d : static_cast<double>(static_cast<int>(below(2000)) - 1000) / 8;
      }
      case 4:
      case 5: return text();
      case 6: {
        json a = json::array();
        for (uint32_t n = below(4); n > 0; --n) a.push_back(value(depth + 1));
        return a;
      }
      default: {
        json o = json::object();
        for (uint32_t n = below(4); n > 0; --n) o[text()] = value(depth + 1);
        return o;
      }
    }
  }

 private:
  static void append_code_point(std::string& s, uint32_t cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // surrogates are not characters
    if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    }
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  uint64_t state_;
};

TEST(YamlWriter, RandomValuesRoundTripThroughTheLoader) {
  Random rng(20240601);
  for (int i = 0; i < 3000; ++i) {
    json value = rng.value(0);
    SCOPED_TRACE("case " + std::to_string(i));
    expect_round_trip(value);
    if (HasFailure()) break;  // one clear counterexample beats thousands
  }
}

TEST(YamlWriter, OutputIsDeterministic) {
  Random a(7), b(7);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(to_yaml(a.value(0)), to_yaml(b.value(0)));
}

}  // namespace
}  // namespace bg::manifest
