// Deletion and garbage collection in the three propagation policies, on the Store itself: the
// order of events is what a watcher of a real cluster would see.
#include "testing/testserver/store.h"

#include <gtest/gtest.h>

namespace bg::testserver {
namespace {

using nlohmann::json;

class Deletion : public ::testing::Test {
 protected:
  const ResourceType& type(const std::string& plural, const std::string& group = "apps") {
    return *store.registry.find(group, "v1", plural);
  }
  // Stores an object in "demo", owned by `owner` (when given); returns it as stored.
  json add(const ResourceType& t, const std::string& name, const json& owner = nullptr, bool block = true,
           json finalizers = nullptr) {
    json o = {{"apiVersion", t.api_version()}, {"kind", t.kind},
              {"metadata", {{"name", name}, {"namespace", "demo"}, {"uid", new_uid()}}}};
    if (!owner.is_null())
      o["metadata"]["ownerReferences"] = {{{"apiVersion", owner["apiVersion"]}, {"kind", owner["kind"]},
                                           {"name", owner["metadata"]["name"]}, {"uid", owner["metadata"]["uid"]},
                                           {"blockOwnerDeletion", block}}};
    if (!finalizers.is_null()) o["metadata"]["finalizers"] = finalizers;
    return store.store_locked(t, o);
  }
  const json* get(const ResourceType& t, const std::string& name) { return store.get_locked(t, "demo", name); }
  // "DELETED replicasets/web-1"-style lines for the events after `rv`.
  std::vector<std::string> events_since(int64_t rv) {
    std::vector<std::string> out;
    for (const Event& e : store.events_locked())
      if (e.rv > rv) out.push_back(e.type + " " + e.resource + "/" + e.object["metadata"].value("name", ""));
    return out;
  }
  void SetUp() override {
    store.store_locked(*store.registry.find("", "v1", "namespaces"),
                         {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "demo"}}}});
  }

  Store store;
};

TEST_F(Deletion, ForegroundDeletesDependentsFirstThenTheOwner) {
  json deploy = add(type("deployments"), "web");
  json rs = add(type("replicasets"), "web-1", deploy);
  add(*store.registry.find("", "v1", "pods"), "web-1-a", rs);
  int64_t rv = store.resource_version_locked();
  json returned = store.delete_locked(type("deployments"), "demo", "web", "Foreground");
  EXPECT_TRUE(returned["metadata"].contains("deletionTimestamp"));
  EXPECT_EQ(returned["metadata"]["finalizers"], json::array({kForegroundDeletion}));
  EXPECT_EQ(events_since(rv), (std::vector<std::string>{
                                  "MODIFIED deployments.apps/web", "MODIFIED replicasets.apps/web-1",
                                  "MODIFIED pods/web-1-a", "MODIFIED pods/web-1-a", "DELETED pods/web-1-a",
                                  "MODIFIED replicasets.apps/web-1", "DELETED replicasets.apps/web-1",
                                  "MODIFIED deployments.apps/web", "DELETED deployments.apps/web"}));
}

TEST_F(Deletion, AForegroundOwnerWaitsForABlockingDependentHeldByAFinalizer) {
  json deploy = add(type("deployments"), "web");
  add(type("replicasets"), "held", deploy, true, {"example.com/hold"});
  add(type("replicasets"), "free", deploy, false, {"example.com/hold"});
  store.delete_locked(type("deployments"), "demo", "web", "Foreground");
  ASSERT_TRUE(get(type("deployments"), "web"));
  EXPECT_EQ((*get(type("deployments"), "web"))["metadata"]["finalizers"], json::array({kForegroundDeletion}));
  ASSERT_TRUE(get(type("replicasets"), "held"));
  EXPECT_TRUE((*get(type("replicasets"), "held"))["metadata"].contains("deletionTimestamp"));

  // The blocking dependent lets go: it goes, and so does the owner. The non-blocking one never held it.
  json held = *get(type("replicasets"), "held");
  EXPECT_EQ(held["metadata"]["finalizers"], json::array({"example.com/hold"}));  // it had no dependents to wait for
  held["metadata"]["finalizers"] = json::array();
  store.store_locked(type("replicasets"), held);
  EXPECT_FALSE(get(type("replicasets"), "held"));
  EXPECT_FALSE(get(type("deployments"), "web"));
  ASSERT_TRUE(get(type("replicasets"), "free"));  // still held by its own finalizer, terminating
  EXPECT_TRUE((*get(type("replicasets"), "free"))["metadata"].contains("deletionTimestamp"));
}

TEST_F(Deletion, BackgroundDeletesTheOwnerFirst) {
  json deploy = add(type("deployments"), "web");
  add(type("replicasets"), "web-1", deploy);
  int64_t rv = store.resource_version_locked();
  store.delete_locked(type("deployments"), "demo", "web", "Background");
  EXPECT_EQ(events_since(rv),
            (std::vector<std::string>{"DELETED deployments.apps/web", "DELETED replicasets.apps/web-1"}));
}

TEST_F(Deletion, OrphanFreesDependentsEvenWhileTheOwnerIsHeld) {
  json deploy = add(type("deployments"), "web", nullptr, true, {"example.com/hold"});
  add(type("replicasets"), "web-1", deploy);
  store.delete_locked(type("deployments"), "demo", "web", "Orphan");
  ASSERT_TRUE(get(type("replicasets"), "web-1"));
  EXPECT_FALSE((*get(type("replicasets"), "web-1"))["metadata"].contains("ownerReferences"));
  json owner = *get(type("deployments"), "web");
  owner["metadata"]["finalizers"] = json::array();
  store.store_locked(type("deployments"), owner);  // the owner goes; the orphan stays
  EXPECT_FALSE(get(type("deployments"), "web"));
  EXPECT_TRUE(get(type("replicasets"), "web-1"));
}

}  // namespace
}  // namespace bg::testserver
