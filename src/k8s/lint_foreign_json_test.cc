// scripts/lint-foreign-json.sh, which keeps raw reads of foreign JSON out of the folders that
// handle it (JsonView is the reader there): the tree passes, and each throwing or undefined read
// fails it while the JSON a folder builds, views, strings and comments pass.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/fixtures.h"

namespace bg::k8s {
namespace {

testing::CommandResult lint(const std::string& root) {
  return testing::run_command("bash " + testing::source_path("scripts/lint-foreign-json.sh") + " " + root);
}

void write(const testing::TempDir& dir, const std::string& rel, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(dir / rel).parent_path());
  std::ofstream(dir / rel) << text;
}

TEST(LintForeignJson, TheTreePasses) {
  testing::CommandResult r = lint(testing::source_path(""));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(LintForeignJson, EachRawReadFailsAndNamesItsLine) {
  testing::TempDir tree;
  write(tree, "src/apply/bad.cc", R"cc(#include "x.h"
std::string a(const nlohmann::json& o) { return o.value("kind", ""); }
int b(const nlohmann::json& o) { return o.at("spec").size(); }
bool c(const nlohmann::json& o) { return o["metadata"]["labels"].is_object(); }
std::string d(const nlohmann::json& o) { return (*listed)["items"][0].dump(); }
std::string e(const nlohmann::json& o) { return o["metadata"][kPartOfLabel]; }
bool f(const nlohmann::json& o) { return o["a"] == 1 || o.at(0).is_null(); }
)cc");
  testing::CommandResult r = lint(tree.path());
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  for (int line : {2, 3, 4, 5, 6, 7})
    EXPECT_NE(r.out.find("src/apply/bad.cc:" + std::to_string(line) + ": "), std::string::npos) << line << "\n" << r.out;
  EXPECT_EQ(r.out.find("src/apply/bad.cc:1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("k8s::JsonView"), std::string::npos) << "says what to use instead: " << r.out;
  EXPECT_NE(r.out.find("o[\"…\"][\"…\"] reads raw JSON"), std::string::npos) << r.out;
}

TEST(LintForeignJson, ViewsWritesMarkedLinesStringsAndCommentsPass) {
  testing::TempDir tree;
  write(tree, "src/kube/good.cc", R"cc(#include "x.h"
using k8s::JsonView;
std::string label(const nlohmann::json& o) { return JsonView(o)["metadata"]["labels"][kKey].str(); }
std::string name(JsonView meta) { return meta["name"].str(); }
void loop(const nlohmann::json& list) {
  for (JsonView item : JsonView(list)["items"].items()) use(item["kind"].str());
  for (auto [key, value] : JsonView(list)["data"].members()) use(value["x"].str());
  JsonView status = JsonView(list)["status"];
  use(status["phase"].str(), k8s::JsonView(list)["kind"].str());
}
nlohmann::json build(const Result<int>& n, std::optional<int> o, const std::map<std::string, int>& m, const std::string& k) {
  nlohmann::json out;
  out["metadata"]["labels"][kKey] = "x";
  out["items"].push_back(n.value() + o.value() + m.at(k));
  out["metadata"].erase("labels");
  nlohmann::json& meta = out["metadata"];
  meta["count"] += 1;
  std::string s = "[\"not code\"] .value(\"k\", 1)";  // a comment: o["x"].value("k", 1)
  /* o["y"].at("z") */ auto lambda = [](int i) { return i; };
  int list[3] = {1, 2, 3};
  use(list[0], out["spec"]["replicas"]);  // json: ours
  return out;
}
)cc");
  write(tree, "src/render/elsewhere.cc", "std::string a(const nlohmann::json& o) { return o.value(\"kind\", \"\"); }\n");
  write(tree, "src/apply/bad_test.cc", "std::string a(const nlohmann::json& o) { return o[\"kind\"]; }\n");
  testing::CommandResult r = lint(tree.path());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(LintForeignJson, AFolderThatIsNoCheckoutIsAUsageError) {
  EXPECT_EQ(lint("/nonexistent/checkout").exit_code, 2);
}

}  // namespace
}  // namespace bg::k8s
