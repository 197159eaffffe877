#include "yaml/loader.h"

#include <cstdint>
#include <string>

#include <gtest/gtest.h>

namespace bg::yaml {
namespace {

// "line:col: message | hint" for every diagnostic, one per line: compact enough to compare whole.
std::string describe(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags) {
    out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message;
    for (const std::string& h : d.hints) out += " | " + h;
    out += "\n";
  }
  return out;
}

Node only_root(std::string_view text) {
  LoadResult r = load(text, "t.yaml");
  EXPECT_EQ(describe(r.diagnostics), "");
  EXPECT_EQ(r.documents.size(), 1u);
  return r.documents.empty() ? Node{} : r.documents[0].root;
}

TEST(YamlLoader, EveryNodeHasAOneBasedMark) {
  Node root = only_root(
      "kind: Pod\n"
      "spec:\n"
      "  args: [a, \"b\"]\n"
      "  list:\n"
      "  - one\n"
      "  - |\n"
      "    text\n");
  EXPECT_EQ(root.mark, (Mark{1, 1}));
  EXPECT_EQ(root.find_key("kind")->mark, (Mark{1, 1}));
  EXPECT_EQ(root.find("kind")->mark, (Mark{1, 7}));
  const Node* spec = root.find("spec");
  EXPECT_EQ(spec->mark, (Mark{3, 3}));
  EXPECT_EQ(spec->find("args")->mark, (Mark{3, 9}));
  EXPECT_EQ(spec->find("args")->items[0].mark, (Mark{3, 10}));
  EXPECT_EQ(spec->find("args")->items[1].mark, (Mark{3, 13}));
  EXPECT_EQ(spec->find("list")->mark, (Mark{5, 3}));
  EXPECT_EQ(spec->find("list")->items[0].mark, (Mark{5, 5}));
  EXPECT_EQ(spec->find("list")->items[1].mark, (Mark{6, 5}));
  EXPECT_EQ(spec->find("list")->items[1].text, "text\n");
}

TEST(YamlLoader, ColumnsCountBytesAfterMultiByteCharacters) {
  // "é" and "→" are 2 and 3 bytes; libyaml counts characters, our marks count bytes.
  Node root = only_root("é: x\nk→: [ü, v]\n");
  EXPECT_EQ(root.find("é")->mark, (Mark{1, 5}));
  EXPECT_EQ(root.find("k→")->mark, (Mark{2, 7}));
  EXPECT_EQ(root.find("k→")->items[1].mark, (Mark{2, 12}));
}

TEST(YamlLoader, MarksAfterManyMultiByteCharactersStayExact) {
  // More than one checkpoint's worth of non-ASCII characters before the node.
  std::string text = "a: \"";
  for (int i = 0; i < 300; ++i) text += "ü";
  text += "\"\nb: [x, y]\n";
  Node root = only_root(text);
  EXPECT_EQ(root.find("b")->items[1].mark, (Mark{2, 8}));
}

TEST(YamlLoader, CrLfLineEndingsKeepLinesAndColumns) {
  Node root = only_root("a: 1\r\nb:\r\n  c: 2\r\n");
  EXPECT_EQ(root.find("b")->find("c")->mark, (Mark{3, 6}));
}

TEST(YamlLoader, AByteOrderMarkIsSkippedAndTakesNoColumn) {
  Node root = only_root("\xEF\xBB\xBF" "a: 1\nb: 2\n");
  EXPECT_EQ(root.find("a")->mark, (Mark{1, 4}));
  EXPECT_EQ(root.find("b")->mark, (Mark{2, 4}));
  EXPECT_EQ(root.find("a")->int_value, 1);
  LoadResult bad = load("\xEF\xBB\xBF" "a: \x01", "t.yaml");
  ASSERT_EQ(bad.diagnostics.size(), 1u);
  EXPECT_EQ(bad.diagnostics.items()[0].loc, (SourceLocation{"t.yaml", 1, 4}));
}

struct ScalarCase {
  const char* name;
  const char* yaml;  // the value of key "v"
  const char* json;  // to_json of it
  bool quoted;
};

class YamlLoaderScalars : public ::testing::TestWithParam<ScalarCase> {};

TEST_P(YamlLoaderScalars, ResolveToTheRightKind) {
  Node root = only_root(std::string("v: ") + GetParam().yaml + "\n");
  ASSERT_NE(root.find("v"), nullptr);
  EXPECT_EQ(to_json(*root.find("v")).dump(), GetParam().json);
  EXPECT_EQ(root.find("v")->quoted, GetParam().quoted);
}

INSTANTIATE_TEST_SUITE_P(
    Table, YamlLoaderScalars,
    ::testing::Values(
        ScalarCase{"yes_stays_a_string", "yes", R"("yes")", false},
        ScalarCase{"on_stays_a_string", "on", R"("on")", false},
        ScalarCase{"no_stays_a_string", "no", R"("no")", false},
        ScalarCase{"hex_is_an_int", "0x1f", "31", false},
        ScalarCase{"octal_is_an_int", "0o17", "15", false},
        ScalarCase{"exponent_is_a_float", "1e3", "1000.0", false},
        ScalarCase{"inf_is_a_float_that_json_shows_as_null", ".inf", "null", false},
        ScalarCase{"tilde_is_null", "~", "null", false},
        ScalarCase{"nothing_is_null", "", "null", false},
        ScalarCase{"true_is_a_bool", "true", "true", false},
        ScalarCase{"double_quoted_number_is_a_string", "\"123\"", R"("123")", true},
        ScalarCase{"single_quoted_true_is_a_string", "'true'", R"("true")", true},
        ScalarCase{"quoted_empty_is_a_string", "\"\"", R"("")", true},
        ScalarCase{"block_literal_is_a_string", "|\n  42", R"("42\n")", true},
        ScalarCase{"folded_block_is_a_string", ">-\n  a\n  b", R"("a b")", true},
        ScalarCase{"escapes_are_decoded", R"("a\tb\u00e9")", "\"a\\tb\xC3\xA9\"", true},
        ScalarCase{"str_tag_keeps_digits_a_string", "!!str 12", R"("12")", false},
        ScalarCase{"non_specific_tag_is_a_string", "! 12", R"("12")", false},
        ScalarCase{"int_tag_reads_quoted_digits", "!!int \"12\"", "12", true},
        ScalarCase{"float_tag_widens_an_int", "!!float 3", "3.0", false},
        ScalarCase{"bool_tag", "!!bool TRUE", "true", false},
        ScalarCase{"null_tag", "!!null ''", "null", true},
        ScalarCase{"seq_tag_on_a_list", "!!seq [1]", "[1]", false},
        ScalarCase{"map_tag_on_a_mapping", "!!map {a: 1}", R"({"a":1})", false},
        ScalarCase{"verbatim_core_tag", "!<tag:yaml.org,2002:str> 5", R"("5")", false},
        ScalarCase{"merge_key_is_an_ordinary_key", "{<<: {a: 1}, b: 2}", R"({"<<":{"a":1},"b":2})", false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(YamlLoader, DocumentsAreSplitAndEmptyOnesDropped) {
  LoadResult r = load("a: 1\n---\n---\n# only a comment\n---\n- x\n--- ~\n...\n", "t.yaml");
  EXPECT_EQ(describe(r.diagnostics), "");
  ASSERT_EQ(r.documents.size(), 3u);
  EXPECT_EQ(to_json(r.documents[0].root).dump(), R"({"a":1})");
  EXPECT_EQ(r.documents[0].start, (Mark{1, 1}));
  EXPECT_EQ(to_json(r.documents[1].root).dump(), R"(["x"])");
  EXPECT_EQ(r.documents[1].start, (Mark{5, 1}));
  EXPECT_TRUE(r.documents[2].root.kind == NodeKind::kNull);  // "--- ~" is an explicit null
}

TEST(YamlLoader, EmptyInputsGiveNoDocumentsAndNoErrors) {
  for (const char* text : {"", "\n\n", "# comment\n", "---\n", "---\n...\n", "--- \n---\n"}) {
    LoadResult r = load(text, "t.yaml");
    EXPECT_TRUE(r.documents.empty()) << text;
    EXPECT_TRUE(r.diagnostics.empty()) << text;
  }
}

TEST(YamlLoader, DuplicateKeyIsReportedAtTheSecondOccurrence) {
  LoadResult r = load("name: a\nport: 1\nname: b\n", "app.yaml");
  EXPECT_TRUE(r.documents.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  const Diagnostic& d = r.diagnostics.items()[0];
  EXPECT_EQ(d.loc, (SourceLocation{"app.yaml", 3, 1}));
  EXPECT_EQ(d.message, "duplicate key \"name\"");
  EXPECT_EQ(d.hints, std::vector<std::string>{"the first \"name\" is at 1:1; keep only one of them"});
}

TEST(YamlLoader, EveryDuplicateIsCollectedNotOnlyTheFirst) {
  LoadResult r = load("a: 1\na: 2\nm:\n  b: 1\n  'b': 2\n", "t.yaml");
  EXPECT_EQ(describe(r.diagnostics),
            "2:1: duplicate key \"a\" | the first \"a\" is at 1:1; keep only one of them\n"
            "5:3: duplicate key \"b\" | the first \"b\" is at 4:3; keep only one of them\n");
}

TEST(YamlLoader, KeysInDifferentMappingsAreNotDuplicates) {
  Node root = only_root("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n");
  EXPECT_EQ(root.find("b")->find("x")->int_value, 2);
}

TEST(YamlLoader, NonScalarKeysAreRejected) {
  LoadResult r = load("? [a, b]\n: 1\n{x: 1}: 2\n", "t.yaml");
  EXPECT_EQ(describe(r.diagnostics),
            "1:3: a mapping key must be a scalar, not a list | write the key as plain text\n"
            "3:1: a mapping key must be a scalar, not a mapping | write the key as plain text\n");
  EXPECT_TRUE(r.documents.empty());
}

std::string nested(const std::string& open, const std::string& close, int n, const std::string& mid) {
  std::string s;
  s.reserve((open.size() + close.size()) * n + mid.size());
  for (int i = 0; i < n; ++i) s += open;
  s += mid;
  for (int i = 0; i < n; ++i) s += close;
  return s;
}

TEST(YamlLoader, DeepFlowNestingGivesOneErrorAndStops) {
  LoadResult r = load(nested("[", "]", 20000, "x"), "t.yaml");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_EQ(describe(r.diagnostics),
            "1:257: nesting is deeper than 256 levels | flatten the structure; configuration never "
            "needs this many levels\n");
}

TEST(YamlLoader, DeepBlockNestingGivesOneErrorAndStops) {
  LoadResult r = load(nested("- ", "", 20000, "x\n"), "t.yaml");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_EQ(describe(r.diagnostics),
            "1:513: nesting is deeper than 256 levels | flatten the structure; configuration never "
            "needs this many levels\n");
}

TEST(YamlLoader, NestingExactlyAtTheLimitIsFine) {
  LoadLimits limits;
  limits.max_depth = 8;
  EXPECT_TRUE(load(nested("[", "]", 8, "x"), "t.yaml", limits).diagnostics.empty());
  EXPECT_EQ(load(nested("[", "]", 9, "x"), "t.yaml", limits).diagnostics.size(), 1u);
  EXPECT_EQ(load(nested("{a: ", "}", 9, "x"), "t.yaml", limits).diagnostics.size(), 1u);
}

TEST(YamlLoader, AliasesCopyTheAnchoredNode) {
  Node root = only_root("base: &b {image: nginx, ports: [80]}\nweb: *b\nname: &n web\nalso: *n\n");
  EXPECT_EQ(to_json(*root.find("web")).dump(), R"({"image":"nginx","ports":[80]})");
  EXPECT_EQ(root.find("web")->mark, (Mark{2, 6}));            // where the alias is used
  EXPECT_EQ(root.find("web")->find("image")->mark, (Mark{1, 18}));  // where the value is written
  EXPECT_EQ(root.find("also")->text, "web");
}

TEST(YamlLoader, AnAnchorMayBeRedefined) {
  Node root = only_root("a: &x 1\nb: *x\nc: &x 2\nd: *x\n");
  EXPECT_EQ(to_json(root).dump(), R"({"a":1,"b":1,"c":2,"d":2})");
}

TEST(YamlLoader, UndefinedAndSelfReferencingAliasesAreErrors) {
  LoadResult r = load("a: *nope\nb: &loop [1, *loop]\n---\nc: *b\n", "t.yaml");
  EXPECT_TRUE(r.documents.empty());
  EXPECT_EQ(describe(r.diagnostics),
            "1:4: undefined alias *nope | define the anchor with &nope before this point in the same "
            "document\n"
            "2:14: alias *loop refers to a node that contains it | a node cannot include itself; copy "
            "the values you need instead\n"
            "4:4: undefined alias *b | define the anchor with &b before this point in the same "
            "document\n");
}

std::string billion_laughs() {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string prev = "*" + std::string(1, static_cast<char>(c - 1));
    text += std::string(1, c) + ": &" + std::string(1, c) + " [";
    for (int i = 0; i < 9; ++i) text += (i ? ", " : "") + prev;
    text += "]\n";
  }
  return text;
}

TEST(YamlLoader, BillionLaughsIsRefusedUnderTheDefaultLimit) {
  LoadResult r = load(billion_laughs(), "t.yaml");
  EXPECT_TRUE(r.documents.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].message, "alias expansion exceeds 1048576 nodes");
  EXPECT_EQ(r.diagnostics.items()[0].loc.line, 7);
}

TEST(YamlLoader, AliasExpansionCountsAgainstMaxNodes) {
  LoadLimits limits;
  limits.max_nodes = 1000;
  LoadResult r = load(billion_laughs(), "t.yaml", limits);
  EXPECT_EQ(describe(r.diagnostics),
            "4:8: alias expansion exceeds 1000 nodes | the aliases in this file expand to too much data "
            "(a \"billion laughs\"); use fewer nested aliases\n");
  // The same file cut before the level that crosses the limit loads.
  std::string text = billion_laughs();
  text.resize(text.find("d:"));
  EXPECT_EQ(describe(load(text, "t.yaml", limits).diagnostics), "");
}

TEST(YamlLoader, AliasesCannotNestPastMaxDepth) {
  LoadLimits limits;
  limits.max_depth = 4;
  // The root mapping is level 1, so the anchored lists reach level 4.
  EXPECT_EQ(describe(load("a: &a [[[1]]]\nb: *a\n", "t.yaml", limits).diagnostics), "");
  EXPECT_EQ(describe(load("a: &a [[[1]]]\nb: [*a]\n", "t.yaml", limits).diagnostics),
            "2:5: nesting is deeper than 4 levels | flatten the structure; this alias puts a deep "
            "subtree inside another\n");
}

TEST(YamlLoader, TooManyNodesWithoutAliasesIsAnError) {
  LoadLimits limits;
  limits.max_nodes = 5;
  EXPECT_EQ(describe(load("[1, 2, 3, 4]", "t.yaml", limits).diagnostics), "");
  EXPECT_EQ(describe(load("[1, 2, 3, 4, 5]", "t.yaml", limits).diagnostics),
            "1:14: the file has more than 5 nodes | split the file into smaller ones\n");
}

struct ErrorCase {
  const char* name;
  const char* text;
  const char* want;  // describe() of the diagnostics
};

class YamlLoaderErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(YamlLoaderErrors, AreReportedWithExactText) {
  LoadResult r = load(GetParam().text, "t.yaml");
  EXPECT_EQ(describe(r.diagnostics), GetParam().want);
  EXPECT_TRUE(r.documents.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, YamlLoaderErrors,
    ::testing::Values(
        ErrorCase{"unsupported_tag", "a: !secret x\n",
                  "1:4: unsupported tag \"!secret\" | remove the tag; Betelgeuse understands only !!str, "
                  "!!int, !!float, !!bool, !!null, !!map and !!seq\n"},
        ErrorCase{"unsupported_core_tag", "a: !!binary aGk=\n",
                  "1:4: unsupported tag \"!!binary\" | remove the tag; Betelgeuse understands only !!str, "
                  "!!int, !!float, !!bool, !!null, !!map and !!seq\n"},
        ErrorCase{"int_tag_on_text", "a: !!int ten\n",
                  "1:4: cannot read \"ten\" as an integer (tag !!int) | write an integer, or remove the tag\n"},
        ErrorCase{"map_tag_on_a_scalar", "a: !!map x\n",
                  "1:4: tag !!map does not fit a scalar | remove the tag\n"},
        ErrorCase{"str_tag_on_a_list", "a: !!str [x]\n",
                  "1:4: tag !!str does not fit a list | remove the tag\n"},
        ErrorCase{"colon_inside_a_value", "a: b: c\n",
                  "1:5: unexpected \":\" (a mapping cannot start here) | quote the value if the \": \" is "
                  "part of the text, or put the nested mapping on its own indented line\n"},
        ErrorCase{"bad_indentation", "a:\n  b: 1\n c: 2\n",
                  "3:2: expected a key at this indentation (in the mapping that starts at 1:1) | check "
                  "the indentation: all keys of a mapping start in the same column\n"},
        ErrorCase{"unclosed_quote", "a: 1\nb: \"abc\n",
                  "2:4: this quoted text is never closed | add the closing quote\n"},
        ErrorCase{"unclosed_flow_list", "a: [1, 2\nb: 3\n",
                  "2:2: expected \",\" or \"]\" (in the list that starts at 1:4) | separate items with "
                  "commas and close the list with \"]\"\n"},
        ErrorCase{"tab_indentation", "a:\n\tb: 1\n",
                  "2:1: tab character used for indentation | indent with spaces; YAML does not allow "
                  "tabs there\n"},
        ErrorCase{"reserved_indicator", "a: @home\n",
                  "1:4: a value cannot start with \"@\" | quote the value if this character is part of "
                  "the text\n"},
        ErrorCase{"bad_escape", "a: \"\\q\"\n",
                  "1:5: unknown escape sequence in double-quoted text | write a backslash as \"\\\\\", "
                  "or use single quotes, where backslashes are literal\n"},
        ErrorCase{"text_after_document_end", "a: 1\n...\nb\n",
                  "3:1: expected the start of a document (\"---\") here | only comments and directives "
                  "may follow \"...\"; remove the stray text\n"},
        ErrorCase{"invalid_utf8", "a: \xC3\x28\n",
                  "1:4: the file is not valid UTF-8 (byte 0xc3) | save the file with UTF-8 encoding\n"},
        ErrorCase{"overlong_utf8", "a: \xC0\xAF\n",
                  "1:4: the file is not valid UTF-8 (byte 0xc0) | save the file with UTF-8 encoding\n"},
        ErrorCase{"utf8_surrogate", "a: \xED\xA0\x80\n",
                  "1:4: the file is not valid UTF-8 (byte 0xed) | save the file with UTF-8 encoding\n"},
        ErrorCase{"utf16_bom", "\xFF\xFE" "a\n",
                  "1:1: the file is not valid UTF-8 (byte 0xff) | save the file with UTF-8 encoding\n"},
        ErrorCase{"control_character", "a: b\x07\n",
                  "1:5: control character U+0007 is not allowed in YAML | remove it, or write it as "
                  "\"\\u0007\" inside double quotes\n"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(YamlLoader, NulBytesAreAClearError) {
  std::string text("a: 1\nb: x\0y\n", 12);
  LoadResult r = load(text, "t.yaml");
  EXPECT_EQ(describe(r.diagnostics),
            "2:5: the file contains a NUL byte | YAML is text: remove the NUL byte, or check that this "
            "is the file you meant\n");
}

TEST(YamlLoader, ErrorsStopAfterOneHundred) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "k: " + std::to_string(i) + "\n";
  LoadResult r = load(text, "t.yaml");
  ASSERT_EQ(r.diagnostics.size(), 101u);
  EXPECT_EQ(r.diagnostics.items().back().message, "too many errors; stopped reading the file here");
}

TEST(YamlLoader, LongKeysAreShortenedInMessages) {
  std::string key(200, 'k');
  LoadResult r = load(key + ": 1\n" + key + ": 2\n", "t.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].message, "duplicate key \"" + std::string(60, 'k') + "...\"");
}

// A tiny deterministic generator (no external property-testing library is available).
struct Lcg {
  uint64_t state;
  uint32_t next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  }
};

TEST(YamlLoader, GarbageBytesNeverCrashAndErrorsMeanNoDocuments) {
  // Random bytes, and valid YAML with random bytes flipped: every result must be consistent.
  const std::string base = "a: [1, {b: &x c}]\nd: *x\ne: |\n  text\nf: \"q\\n\"\n";
  Lcg rng{42};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    if (round % 2 == 0) {
      int n = static_cast<int>(rng.next() % 64);
      for (int i = 0; i < n; ++i) text += static_cast<char>(rng.next() % 256);
    } else {
      text = base;
      for (int flips = 1 + static_cast<int>(rng.next() % 4); flips > 0; --flips) {
        text[rng.next() % text.size()] = static_cast<char>(rng.next() % 128);
      }
    }
    LoadResult r = load(text, "t.yaml");
    if (r.diagnostics.has_errors()) {
      EXPECT_TRUE(r.documents.empty());
    }
    for (const Diagnostic& d : r.diagnostics) {
      EXPECT_GE(d.loc.line, 1);
      EXPECT_GE(d.loc.col, 1);
      EXPECT_FALSE(d.message.empty());
      EXPECT_FALSE(d.hints.empty());
    }
    for (const Document& doc : r.documents) (void)to_json(doc.root).dump();
  }
}

}  // namespace
}  // namespace bg::yaml
