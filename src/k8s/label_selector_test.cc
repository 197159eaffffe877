#include "k8s/label_selector.h"

#include <gtest/gtest.h>

namespace bg::k8s {
namespace {

using nlohmann::json;

const Labels kWebFront = labels_of({{"app", "web"}, {"tier", "front"}, {"n", 1}});

TEST(Labels, KeepStringValuesSortedByKey) {
  EXPECT_EQ(kWebFront, (Labels{{"app", "web"}, {"tier", "front"}}));
  EXPECT_EQ(*label_value(kWebFront, "tier"), "front");
  EXPECT_EQ(label_value(kWebFront, "n"), nullptr);
  json object = json::parse(R"({"metadata": {"labels": {"b": "2", "a": "1"}}})");
  EXPECT_EQ(object_labels(object), (Labels{{"a", "1"}, {"b", "2"}}));
  EXPECT_TRUE(object_labels(json::parse(R"({"metadata": "x"})")).empty());
}

TEST(LabelSelector, TheQueryFormMatchesAsTheServerDoes) {
  struct Case {
    const char* selector;
    bool matches;
  };
  for (const Case& c : std::vector<Case>{{"app=web", true},
                                         {"app==web", true},
                                         {"app!=web", false},
                                         {"missing!=x", true},
                                         {"tier in (back, front)", true},
                                         {"tier notin (front)", false},
                                         {"missing notin (front)", true},
                                         {"app", true},
                                         {"!app", false},
                                         {"!missing,app=web", true},
                                         {"app=web,tier=back", false},
                                         {"", true},
                                         {"  ", true}}) {
    auto s = LabelSelector::parse(c.selector);
    ASSERT_TRUE(s) << c.selector << ": " << s.status().message();
    EXPECT_EQ(s->matches(kWebFront), c.matches) << c.selector;
  }
}

TEST(LabelSelector, TheQueryFormPrintsBackAsItWasMeant) {
  auto s = LabelSelector::parse("a=b, c!=d ,e in (x, y),f notin (z),g,!h,app.kubernetes.io/name==web");
  ASSERT_TRUE(s) << s.status().message();
  EXPECT_EQ(s->str(), "a=b,c!=d,e in (x,y),f notin (z),g,!h,app.kubernetes.io/name=web");
  auto again = LabelSelector::parse(s->str());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->str(), s->str());
}

TEST(LabelSelector, AMalformedQueryIsAnErrorThatNamesThePart) {
  struct Case {
    const char* selector;
    const char* why;
  };
  for (const Case& c : std::vector<Case>{
           {"a in (b", "parentheses do not pair up"},
           {"tier in front)", "parentheses do not pair up"},
           {"a in ((b))", "parentheses do not pair up"},
           {"a=b,,c", "empty requirement"},
           {"a in (x) y", "\"a in (x) y\": text after \")\""},
           {"a within (x)", "\"a within (x)\": the operator before \"(\" must be in or notin"},
           {"a in ()", "\"a\": in and notin need at least one value"},
           {"in (x)", "invalid label key \"\": a name must be 1 to 63 letters, digits, '-', '_' or '.', beginning and "
                      "ending with a letter or digit"},
           {"a b=c", "invalid label key \"a b\": a name must be 1 to 63 letters, digits, '-', '_' or '.', beginning "
                     "and ending with a letter or digit"},
           {"Example.COM/a=b", "invalid label key \"Example.COM/a\": the prefix before \"/\" must be a DNS subdomain "
                               "such as \"app.kubernetes.io\""},
           {"a=b c", "invalid label value \"b c\": a value must be at most 63 letters, digits, '-', '_' or '.', "
                     "beginning and ending with a letter or digit"},
       }) {
    auto s = LabelSelector::parse(c.selector);
    ASSERT_FALSE(s) << c.selector;
    EXPECT_EQ(s.status().message(), "unable to parse label selector \"" + std::string(c.selector) + "\": " + c.why);
  }
}

TEST(LabelSelector, TheObjectFormFollowsKubernetes) {
  auto s = LabelSelector::from_object(json::parse(R"({"matchLabels": {"tier": "front", "app": "web"},
      "matchExpressions": [
        {"key": "env", "operator": "In", "values": ["prod", "stage"]},
        {"key": "canary", "operator": "DoesNotExist"},
        {"key": "zone", "operator": "NotIn", "values": ["x"]},
        {"key": "team", "operator": "Exists"}]})"));
  ASSERT_TRUE(s) << s.status().message();
  EXPECT_EQ(s->str(), "app=web,tier=front,env in (prod,stage),!canary,zone notin (x),team");
  Labels base = {{"app", "web"}, {"env", "prod"}, {"team", "a"}, {"tier", "front"}};
  EXPECT_TRUE(s->matches(base));
  EXPECT_FALSE(s->matches({{"app", "web"}, {"canary", "1"}, {"env", "prod"}, {"team", "a"}, {"tier", "front"}}));
  EXPECT_FALSE(s->matches({{"app", "web"}, {"env", "prod"}, {"tier", "front"}}));  // no team
  EXPECT_FALSE(s->matches({{"app", "web"}, {"env", "dev"}, {"team", "a"}, {"tier", "front"}}));
}

TEST(LabelSelector, AnEmptyOrAbsentObjectSelectsEverything) {
  for (const char* text : {"null", "{}", R"({"matchLabels": {}, "matchExpressions": []})", R"({"matchLabels": null})"}) {
    auto s = LabelSelector::from_object(json::parse(text));
    ASSERT_TRUE(s) << text;
    EXPECT_TRUE(s->empty()) << text;
    EXPECT_TRUE(s->matches({})) << text;
  }
}

TEST(LabelSelector, AMalformedObjectIsAnErrorThatNamesEveryPart) {
  struct Case {
    const char* selector;
    const char* why;
  };
  for (const Case& c : std::vector<Case>{
           {R"("app=web")", "a label selector must be an object with matchLabels and matchExpressions"},
           {R"({"matchLabels": ["a"]})", "matchLabels must be a map of strings"},
           {R"({"matchLabels": {"a": 1}})", "matchLabels.a must be a string"},
           {R"({"matchExpressions": {"key": "a"}})", "matchExpressions must be a list"},
           {R"({"matchExpressions": [7]})", "matchExpressions[0] must be an object with key, operator and values"},
           {R"({"matchExpressions": [{"key": "a", "operator": "Near", "values": ["x"]}]})",
            "matchExpressions[0].operator \"Near\" is not In, NotIn, Exists or DoesNotExist"},
           {R"({"matchExpressions": [{"key": "a", "operator": "In"}]})",
            "matchExpressions[0]: \"a\": in and notin need at least one value"},
           {R"({"matchExpressions": [{"key": "a", "operator": "Exists", "values": ["x"]}]})",
            "matchExpressions[0]: Exists takes no values"},
           {R"({"matchExpressions": [{"key": 1, "operator": "Exists"}, {"key": "b", "operator": "In", "values": "x"}]})",
            "matchExpressions[0].key must be a string; matchExpressions[0]: invalid label key \"\": a name must be 1 to 63 "
            "letters, digits, '-', '_' or '.', beginning and ending with a letter or digit; matchExpressions[1].values "
            "must be a list of strings; matchExpressions[1]: \"b\": in and notin need at least one value"},
       }) {
    auto s = LabelSelector::from_object(json::parse(c.selector));
    ASSERT_FALSE(s) << c.selector;
    EXPECT_EQ(s.status().message(), "invalid label selector: " + std::string(c.why)) << c.selector;
  }
}

TEST(LabelSelector, LenientReadingKeepsWhatItCanAndWhatItCannotReadMatchesNothing) {
  LabelSelector odd = LabelSelector::from_object_lenient(
      json::parse(R"({"matchLabels": {"app": "web", "n": 1}, "matchExpressions": [7]})"));
  EXPECT_EQ(odd.str(), "app=web");
  EXPECT_TRUE(odd.matches(kWebFront));
  LabelSelector unknown = LabelSelector::from_object_lenient(
      json::parse(R"({"matchExpressions": [{"key": "app", "operator": "Near", "values": ["web"]}]})"));
  EXPECT_FALSE(unknown.matches(kWebFront));
  EXPECT_TRUE(LabelSelector::from_object_lenient(json::parse(R"(["a"])")).empty());
}

TEST(LabelSelector, AServicesPlainMapRequiresEveryPair) {
  LabelSelector s = LabelSelector::from_map({{"tier", "front"}, {"app", "web"}, {"n", 2}});
  EXPECT_EQ(s.str(), "app=web,tier=front");
  EXPECT_TRUE(s.matches(kWebFront));
  EXPECT_FALSE(s.matches({{"app", "web"}}));
}

}  // namespace
}  // namespace bg::k8s
