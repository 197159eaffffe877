// The fast path must never change a result: every input here is loaded with and without it, and
// the documents (kinds, texts, quoting, marks, document starts) and diagnostics must be identical.
#include "yaml/fast_path.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/fixtures.h"
#include "yaml/loader.h"

namespace bg::yaml {
namespace {

void dump(const Node& n, std::string& out) {
  out += std::string(kind_name(n.kind)) + "@" + std::to_string(n.mark.line) + ":" + std::to_string(n.mark.col) +
         (n.quoted ? "q" : "") + "[" + n.text + "]";
  if (n.is_seq()) {
    out += "(";
    for (const Node& i : n.items) dump(i, out);
    out += ")";
  }
  if (n.is_map()) {
    out += "{";
    for (const auto& [k, v] : n.entries) {
      dump(k, out);
      out += "=";
      dump(v, out);
    }
    out += "}";
  }
}

std::string describe(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics) {
    out += d.loc.str() + ": " + d.message;
    for (const std::string& h : d.hints) out += " | " + h;
    out += "\n";
  }
  for (const Document& d : r.documents) {
    out += "--- @" + std::to_string(d.start.line) + ":" + std::to_string(d.start.col) + " ";
    dump(d.root, out);
    out += "\n";
  }
  return out;
}

LoadResult load_with(std::string_view text, bool fast, LoadLimits limits = {}) {
  limits.fast_path = fast;
  return load(text, "t.yaml", limits);
}

// Expects both paths to agree; returns whether the fast path read everything itself.
bool agree(std::string_view text, LoadLimits limits = {}) {
  std::string slow = describe(load_with(text, false, limits));
  std::string fast = describe(load_with(text, true, limits));
  EXPECT_EQ(fast, slow) << "input:\n" << text;
  std::size_t docs = 0;
  internal::FastProgress p =
      internal::read_fast(text, internal::first_special(text), limits, false, [&](Document&&) { ++docs; });
  return p.resume == text.size();
}

TEST(YamlFastPath, ReadsTypicalManifestsByItself) {
  const char* manifests[] = {
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {}\ndata:\n  \"5432\": db/postgres:5432\n",
      "spec:\n  containers:\n  - name: app\n    args:\n    - --flag=x\n    - \"-h\"\n    ports: [80, 443]\n",
      "a:\n- 1\n- b: 2\n  c: 3\n-\n- - x\n  - y\nd: ~\n",
      "# comment\n---\nk: |\n  line one\n\n  line two\n    indented\nl: |-\n  stripped\nm: 'it''s'\n",
      "a: 1\n---\n---\n# only a comment\n---\nb: [x, \"y\", -1, 'z']\n",
      "esc: \"a\\\"b\\\\c\\nd\\te/f\"\nurl: http://example.com:8080/x#frag\nhash: a #comment\n",
  };
  for (const char* m : manifests) EXPECT_TRUE(agree(m)) << m;
}

TEST(YamlFastPath, LeavesEverythingElseToLibyamlWithTheSameResult) {
  const char* others[] = {
      "a: &x 1\nb: *x\n",                 // anchors and aliases
      "a: !!str 1\n",                     // tags
      "a: >\n  folded\n  text\n",         // folded block scalars
      "a: |+\n  keep\n\n",                // keep chomping
      "a: |2\n   indented\n",            // explicit indentation
      "a: {b: 1}\n",                      // flow mappings with content
      "a: [1, [2]]\n",                    // nested flow
      "a: [1,\n  2]\n",                   // multi-line flow
      "a: plain\n  continued\n",          // multi-line plain scalar
      "a: 'multi\n  line'\n",             // multi-line quoted scalar
      "a: \"\\x41\"\n",                   // escapes beyond the common ones
      "? complex\n: key\n",               // explicit keys
      "%YAML 1.2\n---\na: 1\n",           // directives
      "a: 1\n...\n",                      // document end marker
      "---\n...\n",
      "a: 1\n---\n...\n",
      "a:\tb\n",                          // tabs
      "a: 1\r\nb: 2\r\n",                 // CR LF
      "\357\273\277a: 1\n",             // byte order mark (octal: a hex escape would eat the a)
      "just a scalar\n",                  // scalar documents
      "[1, 2]\n",                         // flow documents
      "{\"a\": 1}\n",                     // JSON
      "a: b: c\n",                        // errors: every one is libyaml's to report
      "a: 1\na: 2\n",
      "a:\n  b: 1\n c: 2\n",
      "- a\nb: 1\n",
      "a: \"unclosed\n",
      "a: |\n\n   \n  x\n",                // a leading blank line longer than the indentation
      "a: [1, ]\n",
      "key : value\n",
      "a: x\n---\nb: &y 2\n---\nc: 3\n",   // libyaml takes over at the second document
      "a: x\n---\nb: [\n---\nc: 3\n",
  };
  for (const char* o : others) agree(o);
}

// Found by fuzz/check_fuzz.cc: a literal block scalar whose last line ends the file without a line
// break keeps no final "\n" (clip keeps a break only when there is one).
TEST(YamlFastPath, ALiteralBlockAtTheEndOfTheFileKeepsOnlyTheBreaksItHas) {
  EXPECT_TRUE(agree("c: |\n  te:t\n\n  mot: 8080\n        r"));
  EXPECT_TRUE(agree("c: |\n  text"));
  EXPECT_TRUE(agree("c: |-\n  text"));
  EXPECT_TRUE(agree("c: |\n  text\n"));
  EXPECT_TRUE(agree("c: |\n  text\n\n"));
  LoadResult r = load("c: |\n  text", "t.yaml");
  ASSERT_EQ(r.documents.size(), 1u);
  EXPECT_EQ(r.documents[0].root.find("c")->text, "text");
}

TEST(YamlFastPath, ReadsBlockScalarsInListsItselfToo) {
  EXPECT_TRUE(agree("a: |\n  x\n"));
  EXPECT_TRUE(agree("- |\n  y"));
  EXPECT_TRUE(agree("a:\n- |-\n  y\n\n  z\n- b\n"));
}

TEST(YamlFastPath, LibyamlTakesOverAtTheDocumentTheFastPathCannotRead) {
  std::string text = "a: 1\n---\nb: 2\n---\nc: &x 3\nd: *x\n---\ne: 5\n";
  std::vector<std::string> seen;
  internal::FastProgress p =
      internal::read_fast(text, internal::first_special(text), LoadLimits{}, false,
                          [&](Document&& d) { seen.push_back(to_json(d.root).dump()); });
  EXPECT_EQ(seen, (std::vector<std::string>{R"({"a":1})", R"({"b":2})"}));
  EXPECT_EQ(p.resume, text.find("---\nc:"));
  EXPECT_EQ(p.nodes, 6u);
  agree(text);
  // Marks after the hand-over point at the right lines of the whole file.
  LoadResult r = load("a: 1\n---\nb: ü\n---\nc: &x 3\nd: *x\n---\ne: [\n", "t.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics.items()[0].loc.line, 9);
  agree("a: 1\n---\nb: ü\n---\nc: &x 3\nd: *x\n---\ne: [\n");
}

TEST(YamlFastPath, LimitsGiveTheSameErrorsAsLibyaml) {
  LoadLimits tight;
  tight.max_nodes = 7;
  agree("a: 1\nb: 2\nc: 3\nd: 4\n", tight);
  agree("a: 1\n---\nb: 2\n---\nc: 3\n---\n---\nd: 4\n", tight);
  LoadLimits shallow;
  shallow.max_depth = 2;
  agree("a:\n  b:\n    c: 1\n", shallow);
  agree("a:\n  b: [1]\n", shallow);
  agree("a:\n  b: 1\n", shallow);
}

// Every single-character edit of a few manifests: deletions, and insertions of the characters
// that change YAML's meaning. Both paths must agree on each one, valid or not.
TEST(YamlFastPath, AgreesWithLibyamlOnEverySmallEdit) {
  const std::string bases[] = {
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app: x}\nspec:\n  ports:\n  - port: 80\n"
      "    name: \"http\"\n  selector:\n    app: web\n",
      "a:\n- 1\n- |\n  text\n\n  more\n-\n- - x\nb: 'q''s' # c\n---\nc: [x, y]\n",
  };
  const std::string inserts = " -:#|'\"[]{}\n,&*!?>%@x1";
  int count = 0;
  for (const std::string& base : bases) {
    for (std::size_t i = 0; i <= base.size(); ++i) {
      if (i < base.size()) {
        std::string del = base;
        del.erase(i, 1);
        agree(del);
        ++count;
      }
      for (char c : inserts) {
        std::string ins = base;
        ins.insert(i, 1, c);
        agree(ins);
        ++count;
      }
    }
  }
  EXPECT_GT(count, 4000);
}

// Every YAML file in the repository and the shared reference folder (CRDs, golden renders).
TEST(YamlFastPath, AgreesWithLibyamlOnEveryYamlFileAtHand) {
  namespace fs = std::filesystem;
  int files = 0, read_fast = 0;
  for (const std::string& dir : {testing::source_path("tests"), testing::source_path("examples"),
                                 testing::source_path("catalog"), testing::source_path("../shared/reference")}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::string ext = it->path().extension().string();
      if (!it->is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      std::string text = testing::read_file(it->path().string());
      read_fast += agree(text);
      ++files;
    }
  }
  EXPECT_GT(files, 50);
  EXPECT_GT(read_fast, files / 2);  // the fast path is the common case, not the exception
}

}  // namespace
}  // namespace bg::yaml
