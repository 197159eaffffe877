#include "apply/engine.h"
#include "apply/prune.h"

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "apply/input.h"
#include "apply/waves.h"
#include "testing/fake_clock.h"
#include "testing/fixtures.h"
#include "testing/in_process_server.h"

namespace bg::apply {
namespace {

using testing::InProcessServer;

ApplyInput input_from(const std::string& spec_text) {
  pipeline::PipelineResult run = pipeline::run_text(spec_text, "platform.yaml");
  EXPECT_TRUE(run.ok());
  auto in = apply_input(run);
  EXPECT_TRUE(in.is_ok());
  return *in;
}

ApplyInput example() { return input_from(testing::example_spec()); }

// The example with one component switched off.
std::string example_without(const std::string& component, std::string spec = testing::example_spec()) {
  std::size_t at = spec.find("    " + component + ":");
  EXPECT_NE(at, std::string::npos);
  std::size_t eol = spec.find('\n', at);
  spec.replace(at, eol - at, "    " + component + ":\n      enabled: false\n    " + component + "-was:");
  // The old block now hangs under a key no one reads; remove it by renaming it away entirely.
  std::size_t was = spec.find("    " + component + "-was:");
  std::size_t end = spec.find("\n    ", was + 1);
  while (end != std::string::npos && spec.compare(end + 5, 1, " ") == 0) end = spec.find("\n    ", end + 1);
  spec.erase(was, (end == std::string::npos ? spec.size() : end + 1) - was);
  return spec;
}

struct ApplyRun {
  Result<ApplySummary> summary = Status::terminal("not run");
  std::vector<ApplyEvent> events;
};

// One run of apply, as one command is: on a connection of its own.
ApplyRun apply(InProcessServer& server, ApplyInput in, RunOptions options = {}) {
  testing::FakeClock clock;
  ApplyRun run;
  auto cluster = server.connect();
  run.summary = apply_platform(*cluster, clock, std::move(in), options, [&](const ApplyEvent& e) { run.events.push_back(e); });
  return run;
}

// Marks a member so that the test server never makes it ready (a CRD: never Established).
void never_ready(ApplyInput& in, const std::string& kind, const std::string& ns, const std::string& name) {
  for (manifest::Object& o : in.objects)
    if (o.kind() == kind && o.ns() == ns && o.name() == name) {
      testserver::mark_never_ready(o.body);
      return;
    }
  ADD_FAILURE() << "the input has no " << kind << " " << ns << "/" << name;
}

std::map<std::string, nlohmann::json> secrets_of(InProcessServer& server) {
  std::map<std::string, nlohmann::json> out;
  for (const auto& o : server.all())
    if (o["kind"] == "Secret" && o.contains("data"))  // the ApplySet parent is a Secret without data
      out[o["metadata"].value("namespace", "") + "/" + o["metadata"].value("name", "")] = o.at("data");
  return out;
}

TEST(ApplyPlatform, AFirstApplyCreatesEverythingAndASecondWritesNothing) {
  InProcessServer server;
  ApplyInput in = example();
  std::size_t n = in.objects.size();
  ApplyRun first = apply(server, in);
  ASSERT_TRUE(first.summary.is_ok()) << first.summary.status().message();
  EXPECT_EQ(first.summary->line(), std::to_string(n) + " created, 0 configured, 0 unchanged, 0 pruned");
  std::size_t members = 0;
  for (const auto& o : server.all())
    members += o["metadata"].value("labels", nlohmann::json::object()).contains("applyset.kubernetes.io/part-of");
  EXPECT_EQ(members, n);
  int64_t revision = server.revision();
  ApplyRun second = apply(server, example());
  ASSERT_TRUE(second.summary.is_ok()) << second.summary.status().message();
  EXPECT_EQ(second.summary->line(), "0 created, 0 configured, " + std::to_string(n) + " unchanged, 0 pruned");
  EXPECT_EQ(server.revision(), revision) << "a second apply must not write";
}

TEST(ApplyPlatform, SecretsAreKeptBitForBitAcrossAppliesAndRotatedOnlyWhenAsked) {
  InProcessServer server;
  ASSERT_TRUE(apply(server, example()).summary.is_ok());
  auto before = secrets_of(server);
  ASSERT_FALSE(before.empty());
  ASSERT_TRUE(apply(server, example()).summary.is_ok());  // fresh random values drawn again, and ignored
  EXPECT_EQ(secrets_of(server), before);
  RunOptions rotate;
  rotate.rotate = {"db/postgres-admin"};
  ApplyRun r = apply(server, example(), rotate);
  ASSERT_TRUE(r.summary.is_ok()) << r.summary.status().message();
  auto after = secrets_of(server);
  ASSERT_TRUE(after.count("db/postgres-admin")) << "no db/postgres-admin Secret";
  EXPECT_NE(after["db/postgres-admin"]["password"], before["db/postgres-admin"]["password"]);
  EXPECT_EQ(after["db/postgres-admin"]["username"], before["db/postgres-admin"]["username"]);  // a literal: same value
  for (const auto& [name, data] : before)
    if (name != "db/postgres-admin") {
      EXPECT_EQ(after[name], data) << name;
    }
}

TEST(ApplyPlatform, RemovingAComponentPrunesExactlyItsObjectsAndKeepsItsData) {
  InProcessServer server;
  ASSERT_TRUE(apply(server, example()).summary.is_ok());
  ApplyInput smaller = input_from(example_without("grafana"));
  std::set<k8s::ObjectRef> gone;
  for (const auto& o : example().objects) gone.insert(o.id());
  for (const auto& o : smaller.objects) gone.erase(o.id());
  ASSERT_FALSE(gone.empty());
  ApplyRun r = apply(server, smaller);
  ASSERT_TRUE(r.summary.is_ok()) << r.summary.status().message();
  int kept = 0;
  for (const ApplyEvent& e : r.events) kept += e.kind == ApplyEvent::Kind::kKept;
  EXPECT_EQ(r.summary->pruned + kept, static_cast<int>(gone.size()));
  // Grafana's namespace still holds the claim its StatefulSet made: the namespace stays too.
  EXPECT_TRUE(server.find("PersistentVolumeClaim", "observability", "data-grafana-0").is_object());
  // So do the Secrets generated for it: switched on again, grafana finds the password its data
  // was initialised with.
  for (const auto& id : gone) {
    nlohmann::json live = server.find(id.kind, id.ns, id.name);
    bool generated = false;
    for (const auto& o : example().objects)
      if (o.id() == id) generated = o.kind() == "Secret" && holds_data(o);
    bool data = id.kind == "PersistentVolumeClaim" || id.kind == "PersistentVolume" || generated ||
                (id.kind == "Namespace" && id.name == "observability");
    EXPECT_EQ(!live.is_null(), data) << id.str();
  }
  for (const auto& o : smaller.objects) EXPECT_FALSE(server.find(o.kind(), o.ns(), o.name()).is_null()) << o.id().str();
}

TEST(ApplyPlatform, PruneDataDeletesDataToo) {
  InProcessServer server;
  ASSERT_TRUE(apply(server, input_from(testing::skeleton_spec())).summary.is_ok());
  RunOptions options;
  options.prune_data = true;
  ApplyRun r = apply(server, input_from(example_without("grafana", testing::skeleton_spec())), options);
  ASSERT_TRUE(r.summary.is_ok());
  EXPECT_TRUE(server.find("PersistentVolume", "", "observability-grafana-data").is_null());
  EXPECT_TRUE(server.find("Namespace", "", "observability").is_null());
}

TEST(ApplyPlatform, ObjectsOfOtherToolsAreNeverTouched) {
  InProcessServer server;
  nlohmann::json theirs = server.seed({{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                       {"metadata", {{"name", "theirs"}, {"namespace", "db"}, {"labels", {{"app", "x"}}}}}});
  ASSERT_TRUE(apply(server, example()).summary.is_ok());
  ASSERT_TRUE(apply(server, input_from(example_without("grafana"))).summary.is_ok());
  EXPECT_EQ(server.find("ConfigMap", "db", "theirs"), theirs);
}

TEST(ApplyPlatform, AnObjectOfAnotherApplySetIsNotTakenOver) {
  InProcessServer server;
  ApplyInput in = example();
  // A Deployment: a kind every cluster serves before anything is applied.
  auto deployment = std::find_if(in.objects.begin(), in.objects.end(), [](const auto& o) { return o.kind() == "Deployment"; });
  ASSERT_NE(deployment, in.objects.end());
  nlohmann::json theirs = deployment->body;
  theirs["metadata"]["labels"]["applyset.kubernetes.io/part-of"] = "applyset-someone-else-v1";
  server.seed(theirs);
  ApplyRun r = apply(server, in);
  ASSERT_FALSE(r.summary.is_ok());
  EXPECT_NE(r.summary.status().message().find("belongs to another ApplySet (applyset-someone-else-v1)"), std::string::npos)
      << r.summary.status().message();
}

// A component whose blueprint says its first start is slow (a model server pulling a large image)
// gives its whole wave that long; the other waves keep the run's timeout.
TEST(ApplyPlatform, AWaveWaitsAsLongAsItsSlowestMembersStartTime) {
  InProcessServer server;
  ApplyInput in = example();
  never_ready(in, "StatefulSet", "db", "postgres");
  in.start_times["postgres"] = std::chrono::minutes(40);
  ApplyRun r = apply(server, in);
  ASSERT_FALSE(r.summary.is_ok());
  EXPECT_NE(r.summary.status().message().find("did not become healthy within 40 m 00 s: apps/v1 StatefulSet db/postgres"),
            std::string::npos)
      << r.summary.status().message();
  in.start_times["postgres"] = std::chrono::minutes(1);  // never shorter than the run's timeout
  InProcessServer again;
  r = apply(again, in);
  EXPECT_NE(r.summary.status().message().find("within 5 m 00 s"), std::string::npos) << r.summary.status().message();
}

TEST(ApplyPlatform, ABlockedWaveSaysWhyDownToThePods) {
  InProcessServer server;
  ApplyInput in = example();
  never_ready(in, "StatefulSet", "db", "postgres");
  server.seed({{"apiVersion", "v1"}, {"kind", "Pod"},
                {"metadata", {{"name", "postgres-0"}, {"namespace", "db"}, {"labels", {{"app.kubernetes.io/name", "postgres"}}}}},
                {"status", {{"phase", "Running"},
                            {"containerStatuses", {{{"name", "postgres"}, {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}}}}}}}});
  ApplyRun r = apply(server, in);
  ASSERT_FALSE(r.summary.is_ok());
  EXPECT_NE(r.summary.status().message().find("did not become healthy within 5 m 00 s: apps/v1 StatefulSet db/postgres"), std::string::npos)
      << r.summary.status().message();
  const ApplyEvent* blocked = nullptr;
  for (const ApplyEvent& e : r.events)
    if (e.kind == ApplyEvent::Kind::kWaveBlocked) blocked = &e;
  ASSERT_NE(blocked, nullptr);
  std::string why;
  for (const std::string& line : blocked->why) why += line + "\n";
  EXPECT_NE(why.find("pod postgres-0: Container postgres is in CrashLoopBackOff"), std::string::npos) << why;
  EXPECT_NE(why.find("container postgres waiting: CrashLoopBackOff"), std::string::npos) << why;
}

const ApplyEvent* blocked_event(const ApplyRun& r) {
  for (const ApplyEvent& e : r.events)
    if (e.kind == ApplyEvent::Kind::kWaveBlocked) return &e;
  return nullptr;
}

// A CRD is not gated in the definitions wave but by the first wave that sends its kind: the waves
// between run while the API server establishes it, and no custom resource is sent before.
TEST(ApplyPlatform, ACrdIsGatedByTheFirstWaveThatSendsItsKind) {
  InProcessServer server;
  ApplyInput in = example();
  never_ready(in, "CustomResourceDefinition", "", "clusterissuers.cert-manager.io");
  ApplyRun r = apply(server, in);
  ASSERT_FALSE(r.summary.is_ok());
  EXPECT_NE(r.summary.status().message().find("CustomResourceDefinition clusterissuers.cert-manager.io"), std::string::npos)
      << r.summary.status().message();
  const ApplyEvent* blocked = blocked_event(r);
  ASSERT_NE(blocked, nullptr);
  int issuer_wave = -1, crd_wave = -1, last_written_wave = -1;
  for (const ApplyEvent& e : r.events) {
    if (e.kind != ApplyEvent::Kind::kObject) continue;
    if (e.object.find("CustomResourceDefinition clusterissuers.") != std::string::npos) crd_wave = e.wave;
    if (e.object.find("CustomResourceDefinition ") == std::string::npos)
      last_written_wave = std::max(last_written_wave, e.wave);
    if (e.object.find(" ClusterIssuer ") != std::string::npos) issuer_wave = e.wave;
  }
  EXPECT_EQ(issuer_wave, -1) << "a ClusterIssuer was sent before its CRD was Established";
  EXPECT_GT(blocked->wave, 1) << "the CRD held up the waves that do not need it";
  EXPECT_EQ(last_written_wave, blocked->wave - 1) << "every wave before the one that needs the CRD ran";
  EXPECT_EQ(crd_wave, 0) << "the CRD is written with the definitions";
  for (const auto& o : server.all()) EXPECT_NE(o["kind"], "ClusterIssuer");
}

// A CRD whose kind nothing sends is gated with the last wave: apply still ends with all healthy.
TEST(ApplyPlatform, ACrdNothingInstantiatesIsGatedWithTheLastWave) {
  InProcessServer server;
  ApplyInput in = example();
  never_ready(in, "CustomResourceDefinition", "", "workflows.argoproj.io");
  auto waves = plan_waves(in.objects, in.depends_on);
  ASSERT_TRUE(waves.is_ok());
  // Half a minute on the fake clock, not the default five: each poll reads the whole (large) CRD.
  RunOptions options;
  options.wave_timeout = std::chrono::seconds(30);
  ApplyRun r = apply(server, in, options);
  ASSERT_FALSE(r.summary.is_ok());
  EXPECT_NE(r.summary.status().message().find("CustomResourceDefinition workflows.argoproj.io"), std::string::npos)
      << r.summary.status().message();
  const ApplyEvent* blocked = blocked_event(r);
  ASSERT_NE(blocked, nullptr);
  EXPECT_EQ(blocked->wave, static_cast<int>(waves->size()) - 1);
  for (const manifest::Object& o : in.objects)
    EXPECT_FALSE(server.find(o.kind(), o.id().ns, o.id().name).is_null()) << o.id().str() << " was not written";
}

// A CRD the server refuses stops apply in its own wave, with the server's reason, before any
// workload or custom resource is written.
TEST(ApplyPlatform, ACrdTheServerRefusesStopsApplyInItsOwnWave) {
  class RefuseCrd : public Cluster {
   public:
    explicit RefuseCrd(Cluster& inner) : inner_(inner) {}
    Result<nlohmann::json> get(const ObjectRef& ref) override { return inner_.get(ref); }
    Result<std::vector<nlohmann::json>> list(const ListQuery& q) override { return inner_.list(q); }
    Status remove(const ObjectRef& ref, Propagation p) override { return inner_.remove(ref, p); }
    Result<bool> serves(const std::string& v, const std::string& k) override { return inner_.serves(v, k); }
    Result<nlohmann::json> apply(const nlohmann::json& object, const ApplyOptions& options) override {
      if (ObjectRef::of(object).name == "clusterissuers.cert-manager.io")
        return Status::terminal("admission webhook denied the request: no");
      return inner_.apply(object, options);
    }

   private:
    Cluster& inner_;
  };
  InProcessServer server;
  auto connection = server.connect();
  RefuseCrd cluster(*connection);
  testing::FakeClock clock;
  std::vector<ApplyEvent> events;
  auto summary = apply_platform(cluster, clock, example(), {}, [&](const ApplyEvent& e) { events.push_back(e); });
  ASSERT_FALSE(summary.is_ok());
  EXPECT_NE(summary.status().message().find("denied the request: no"), std::string::npos) << summary.status().message();
  for (const auto& o : server.all()) {
    EXPECT_NE(o["kind"], "ClusterIssuer");
    EXPECT_NE(o["kind"], "Deployment");
  }
  for (const ApplyEvent& e : events) EXPECT_LE(e.wave, 0) << e.object;
}

// SIGKILL at a random point, then a full run: converged, no orphan, no secret rotated.
TEST(ApplyPlatform, KilledAtRandomPointsARerunConvergesWithNothingLost) {
  std::mt19937 rng(27112026);
  for (int trial = 0; trial < 25; ++trial) {
    InProcessServer server;
    bool shrink = trial % 2 == 1;  // half the trials also prune on the way
    if (shrink) {
      ASSERT_TRUE(apply(server, example()).summary.is_ok());
    }
    testserver::Faults killed;
    killed.die_after_writes = static_cast<long>(rng() % 60);
    server.service().faults().set(killed);
    ApplyInput target = shrink ? input_from(example_without("grafana")) : example();
    (void)apply(server, target);
    auto secrets_after_kill = secrets_of(server);
    server.service().faults().set({});
    ApplyRun rerun = apply(server, target);
    ASSERT_TRUE(rerun.summary.is_ok()) << "trial " << trial << ": " << rerun.summary.status().message();
    auto secrets_after_rerun = secrets_of(server);
    for (const auto& [name, data] : secrets_after_kill) {
      if (server.find("Secret", name.substr(0, name.find('/')), name.substr(name.find('/') + 1)).is_object()) {
        EXPECT_EQ(secrets_after_rerun[name], data) << "trial " << trial << " rotated " << name;
      }
    }
    std::set<k8s::ObjectRef> want;
    for (const auto& o : target.objects) want.insert(o.id());
    for (const auto& live : server.all()) {
      manifest::Object o{live, {}};
      std::string part_of = live["metadata"].value("labels", nlohmann::json::object()).value("applyset.kubernetes.io/part-of", "");
      if (part_of.empty()) continue;  // the parent and its namespace
      // Not rendered any more and still there: only objects kept for their data, and said so.
      bool reported_kept = std::any_of(rerun.events.begin(), rerun.events.end(), [&](const ApplyEvent& e) {
        return e.kind == ApplyEvent::Kind::kKept && e.object == ObjectRef::of(live).str();
      });
      EXPECT_TRUE(want.count(o.id()) || reported_kept) << "trial " << trial << " orphan " << o.id().str();
    }
    for (const auto& id : want) EXPECT_TRUE(server.find(id.kind, id.ns, id.name).is_object()) << "trial " << trial << " " << id.str();
  }
}

}  // namespace
}  // namespace bg::apply
