#include "check/list_items.h"

#include <gtest/gtest.h>

#include "yaml/loader.h"

namespace bg::check {
namespace {

// "kind@line:col" of every object each_object() hands over, document by document.
std::vector<std::string> objects(const std::string& text) {
  yaml::LoadResult loaded = yaml::load(text, "t.yaml");
  EXPECT_TRUE(loaded.diagnostics.empty());
  std::vector<std::string> out;
  for (const yaml::Document& d : loaded.documents)
    each_object(d.root, [&](const yaml::Node& n) {
      const yaml::Node* kind = n.find("kind");
      out.push_back((kind ? kind->text : std::string("?")) + "@" + std::to_string(n.mark.line) + ":" +
                    std::to_string(n.mark.col));
    });
  return out;
}

struct Case {
  const char* sentence;
  const char* yaml;
  std::vector<std::string> objects;
};

const Case kCases[] = {
    {"an ordinary object is handed over as it is", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
     {"ConfigMap@1:1"}},
    {"a kind: List gives its items, each at its own line",
     "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n"
     "- apiVersion: v1\n  kind: Secret\n  metadata: {name: b}\n",
     {"ConfigMap@4:3", "Secret@7:3"}},
    {"a typed list such as RoleBindingList gives its items",
     "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBindingList\nitems:\n"
     "- apiVersion: rbac.authorization.k8s.io/v1\n  kind: RoleBinding\n  metadata: {name: a}\n",
     {"RoleBinding@4:3"}},
    {"a list inside a list is opened too",
     "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMapList\n  items:\n"
     "  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: Secret}\n",
     {"ConfigMap@7:5", "Secret@8:3"}},
    {"a JSON list from kubectl get -o json gives its items",
     "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"metadata\": {\"resourceVersion\": \"\"},\n"
     " \"items\": [{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"},\n   {\"apiVersion\": \"v1\", \"kind\": \"Service\"}]}\n",
     {"ConfigMap@2:12", "Service@3:4"}},
    {"an empty list gives nothing", "apiVersion: v1\nkind: ConfigMapList\nitems: []\n", {}},
    {"a list with null items gives nothing", "apiVersion: v1\nkind: List\nitems:\n", {}},
    {"a kind: List without items is an empty list", "apiVersion: v1\nkind: List\nmetadata: {}\n", {}},
    {"a custom kind ending in List without items stays an object",
     "apiVersion: example.org/v1\nkind: AllowList\nspec: {cidrs: [10.0.0.0/8]}\n", {"AllowList@1:1"}},
    {"a List whose items are not a sequence stays an object, for the schema to judge",
     "apiVersion: v1\nkind: ConfigMapList\nitems: {a: b}\n", {"ConfigMapList@1:1"}},
    {"items that are not objects are handed over, for the schema to judge",
     "apiVersion: v1\nkind: List\nitems:\n- just text\n- \n", {"?@4:3", "?@5:2"}},
};

TEST(ListItems, EachCaseGivesExactlyTheObjectsExpected) {
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.sentence);
    EXPECT_EQ(objects(c.yaml), c.objects);
  }
}

}  // namespace
}  // namespace bg::check
