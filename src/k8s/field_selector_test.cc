#include "k8s/field_selector.h"

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

using nlohmann::json;

const json kPod = json::parse(R"({"metadata": {"name": "web-0", "namespace": "shop"},
    "spec": {"replicas": 3}, "status": {"phase": "Running"}, "involvedObject": {"name": "web"}})");

TEST(FieldSelector, ComparesTheValueAtADottedPath) {
  struct Case {
    const char* selector;
    bool matches;
  };
  for (const Case& c : std::vector<Case>{{"metadata.name=web-0", true},
                                         {"metadata.name==web-0", true},
                                         {"metadata.name!=web-0", false},
                                         {"status.phase!=Pending,metadata.namespace=shop", true},
                                         {"spec.replicas=3", true},
                                         {"spec.missing!=x", true},
                                         {"spec.missing=x", false},
                                         {"involvedObject.name=web", true},
                                         {"", true}}) {
    auto s = FieldSelector::parse(c.selector);
    ASSERT_TRUE(s) << c.selector << ": " << s.status().message();
    EXPECT_EQ(s->matches(kPod), c.matches) << c.selector;
  }
}

TEST(FieldSelector, AClusterScopedObjectsNamespaceIsEmpty) {
  auto s = FieldSelector::parse("metadata.name=x,metadata.namespace=");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->matches(json::parse(R"({"metadata": {"name": "x"}})")));
  EXPECT_EQ(s->str(), "metadata.name=x,metadata.namespace=");
}

TEST(FieldSelector, AMalformedSelectorNamesTheTermItCannotRead) {
  for (const char* text : {"metadata.name", "=x", "a=b,", "!=x"}) {
    auto s = FieldSelector::parse(text);
    ASSERT_FALSE(s) << text;
    std::string want = "invalid selector: '" + std::string(text) + "'; can't understand";
    EXPECT_EQ(s.status().message().rfind(want, 0), 0u) << s.status().message();
  }
}

}  // namespace
}  // namespace bg::k8s
