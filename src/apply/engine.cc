#include "apply/engine.h"

#include <algorithm>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "apply/drift.h"
#include "apply/gate.h"
#include "apply/live_snapshot.h"
#include "apply/progress_line.h"  // duration_text
#include "common/parallel_for.h"
#include "k8s/crd.h"
#include "k8s/json_view.h"
#include "apply/prune.h"
#include "apply/secret_copies.h"
#include "apply/served.h"
#include "apply/waves.h"
#include "secrets/keep.h"

namespace bg::apply {
namespace {

using manifest::Object;

std::string label(const nlohmann::json& o, const char* key) {
  return k8s::JsonView(o)["metadata"]["labels"][key].str();
}

struct Outcome {
  std::string action;  // created, configured, unchanged
  Status status;
  nlohmann::json object;  // as the server has it now: the apply's answer, or live when unchanged
};

// One object, given its live state: decide, write if needed.
Outcome apply_one(Cluster& cluster, const Object& o, const nlohmann::json& live, const std::string& applyset) {
  ObjectRef ref = ObjectRef::of(o.body);
  std::string owner = label(live, kPartOfLabel);
  if (!live.is_null() && !owner.empty() && owner != applyset)
    return {"", Status::terminal(ref.str() + " belongs to another ApplySet (" + owner +
                                 "); Betelgeuse does not take over objects another tool owns"), nullptr};
  nlohmann::json desired = desired_object(o, live, false);
  WriteNeed need = write_need(desired, live);
  if (need == WriteNeed::kNone) return {"unchanged", Status::ok(), live};
  auto applied = cluster.apply(desired, ApplyOptions{});
  if (!applied) return {"", applied.status(), nullptr};
  return {need == WriteNeed::kCreate ? "created" : "configured", Status::ok(), std::move(*applied)};
}

// Where a wave's written objects are counted and reported (under the caller's lock).
struct WaveLedger {
  int wave;
  const std::string& wave_name;
  const EventSink& sink;
  ApplySummary& summary;
  std::map<ObjectRef, nlohmann::json>& now;  // as the server has each object after the wave
  Status first_error;

  void record(const ObjectRef& ref, Outcome&& out) {
    if (!out.status.is_ok()) {
      if (first_error.is_ok()) first_error = out.status;
      return;
    }
    (out.action == "created" ? summary.created : out.action == "configured" ? summary.configured : summary.unchanged)++;
    now[ref] = std::move(out.object);
    ApplyEvent e{ApplyEvent::Kind::kObject, wave, wave_name};
    e.object = ref.str();
    e.action = out.action;
    if (sink) sink(e);
  }
};

// Reads the wave's live state (live_snapshot.h), then applies its objects in parallel with at most
// `parallelism` requests in flight; the first error wins. The ledger's `now` receives each object
// as the server has it after the wave, so the health gate starts from it without reading again.
Status apply_wave(Cluster& cluster, const std::vector<const Object*>& members, const std::string& applyset,
                  int parallelism, WaveLedger& ledger, KindLists& lists) {
  std::vector<ObjectRef> refs;
  for (const Object* o : members) refs.push_back(ObjectRef::of(o->body));
  auto live = read_live(cluster, refs, parallelism, &lists);
  if (!live) return live.status();
  std::mutex mu;
  parallel_for(members.size(), parallelism, [&](std::size_t i) {
    Outcome out = apply_one(cluster, *members[i], (*live)[refs[i]], applyset);
    std::lock_guard<std::mutex> lock(mu);
    ledger.record(refs[i], std::move(out));
  });
  return ledger.first_error;
}

// Writes a platform-level object (the parent, its namespace) only when it differs from live.
Status ensure(Cluster& cluster, const nlohmann::json& object) {
  nlohmann::json desired = with_applied_hash(object);
  auto live = cluster.get(ObjectRef::of(desired));
  if (!live) return live.status();
  if (write_need(desired, *live) == WriteNeed::kNone) return Status::ok();
  auto r = cluster.apply(desired, ApplyOptions{});
  return r ? Status::ok() : r.status();
}

}  // namespace

nlohmann::json desired_object(const Object& o, const nlohmann::json& live, bool rotate) {
  nlohmann::json desired = o.from.trait == "secret" ? secrets::keep_existing(o.body, live, rotate).secret : o.body;
  return with_applied_hash(std::move(desired));
}

std::string ApplySummary::line() const {
  return fmt::format("{} created, {} configured, {} unchanged, {} pruned", created, configured, unchanged, pruned);
}

Result<ApplySummary> apply_platform(Cluster& cluster, Clock& clock, ApplyInput input, const RunOptions& options,
                                    const EventSink& sink) {
  ApplySummary summary;
  const std::string id = applyset_id(input.parent);
  manifest::Object parent = label_members(input.objects, input.parent, input.tooling);

  // 0. Nothing is written when the cluster does not serve a kind the platform needs (served.h).
  auto unserved = unserved_kinds(cluster, input.objects);
  if (!unserved) return unserved.status();
  if (!unserved->empty()) {
    std::string lines = unserved_text(*unserved);
    lines.pop_back();  // the caller ends the line
    return Status::terminal(fmt::format("the cluster does not serve {} of the platform's kinds (are their "
                                        "CustomResourceDefinitions installed?); nothing was written:\n{}",
                                        unserved->size(), lines));
  }

  // 1. The parent's namespace, then the parent with the union of old and new scope.
  nlohmann::json home = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", input.parent.ns}}}};
  if (Status s = ensure(cluster, home); !s) return s;
  auto old_parent = cluster.get(ObjectRef::of(parent.body));
  if (!old_parent) return old_parent.status();
  ApplySetScope old_scope = scope_of(*old_parent), new_scope = scope_of(parent.body);
  nlohmann::json union_parent = parent.body;
  set_scope(union_parent, merged(old_scope, new_scope));
  if (Status s = ensure(cluster, union_parent); !s) return s;

  // 2. Secrets settled once across their copies, then the waves.
  if (Status s = settle_secrets(cluster, input.objects, options.rotate); !s) return s;
  // What the rendered objects tell the health rules about each other (a StorageClass's binding).
  HealthContext health_context;
  for (const Object& o : input.objects) health_context.learn(o.body);
  auto waves = plan_waves(input.objects, input.depends_on);
  if (!waves) return waves.status();
  KindLists lists;  // what the waves read, for prune
  // A CRD is gated where it is first needed, not in its own wave (waves.h: crd_gates): before a
  // later wave writes anything of its kind, or with the last wave when none does, so apply still
  // ends with every object healthy. It is written with its own wave: writing the large ones in the
  // background while the workload waves ran gained nothing measurable and brought their writes to
  // the edge of the request budget on a loaded server (docs/benchmarks.md).
  const std::map<std::size_t, std::size_t> crd_gate = crd_gates(input.objects, *waves);
  std::vector<std::vector<std::size_t>> arriving(waves->size());  // CRDs of earlier waves, gated here
  for (const auto& [i, w] : crd_gate) arriving[w].push_back(i);
  auto gate = [&](int index, const std::string& name, const std::vector<ObjectRef>& refs,
                  const std::map<ObjectRef, nlohmann::json>* now, std::chrono::milliseconds timeout) -> Status {
    auto progress = [&](std::size_t current, std::size_t total, const std::vector<MemberHealth>& unhealthy) {
      if (sink) sink({ApplyEvent::Kind::kWaveProgress, index, name, "", "", current, total, {}, unhealthy});
    };
    GateResult result = wait_healthy(cluster, clock, refs, timeout, options.poll, progress, now,
                                     options.parallelism, health_context);
    if (!result.error.is_ok()) return result.error;
    if (result.healthy) return Status::ok();
    ApplyEvent blocked{ApplyEvent::Kind::kWaveBlocked, index, name};
    for (const MemberHealth& m : result.unhealthy)
      for (std::string& line : explain(cluster, m.ref, m.report)) blocked.why.push_back(std::move(line));
    if (sink) sink(blocked);
    std::string first = result.unhealthy.front().ref.str() + ": " + result.unhealthy.front().report.message;
    return Status::terminal(fmt::format("wave {} ({}) {}: {}", index + 1, name,
                                        result.timed_out ? fmt::format("did not become healthy within {}", duration_text(timeout))
                                                         : std::string("failed"),
                                        first));
  };
  for (std::size_t w = 0; w < waves->size(); ++w) {
    const Wave& wave = (*waves)[w];
    const int index = static_cast<int>(w);
    std::vector<const Object*> members;
    std::vector<ObjectRef> refs;  // gated after this wave's writes
    std::set<k8s::GroupKind> sends;
    for (std::size_t i : wave.members) {
      const Object& o = input.objects[i];
      members.push_back(&o);
      sends.insert(o.id().group_kind());
      auto gated = crd_gate.find(i);
      if (gated == crd_gate.end() || gated->second == w) refs.push_back(ObjectRef::of(o.body));
    }
    // The CRDs of earlier waves gated here: what this wave sends of their kinds is listed and
    // written only once they are Established.
    std::vector<ObjectRef> needed;
    for (std::size_t i : arriving[w]) {
      if (std::find(wave.members.begin(), wave.members.end(), i) != wave.members.end()) continue;
      (sends.contains(k8s::defined_kind(input.objects[i].body)) ? needed : refs).push_back(ObjectRef::of(input.objects[i].body));
    }
    // The wave waits as long as its slowest member may take to start (a model server pulling a
    // 10 GB image), and never less than the run's timeout.
    std::chrono::milliseconds timeout = options.wave_timeout;
    for (const Object* o : members)
      if (auto it = input.start_times.find(o->from.component); it != input.start_times.end())
        timeout = std::max<std::chrono::milliseconds>(timeout, it->second);
    if (sink) sink({ApplyEvent::Kind::kWaveStarted, index, wave.name, "", "", 0, members.size()});
    if (!needed.empty())
      if (Status s = gate(index, wave.name, needed, nullptr, options.wave_timeout); !s) return s;
    std::map<ObjectRef, nlohmann::json> now;
    WaveLedger ledger{index, wave.name, sink, summary, now, Status::ok()};
    if (Status s = apply_wave(cluster, members, id, options.parallelism, ledger, lists); !s) return s;
    if (Status s = gate(index, wave.name, refs, &now, timeout); !s) return s;
    if (sink) sink({ApplyEvent::Kind::kWaveHealthy, index, wave.name, "", "", refs.size(), refs.size()});
  }

  // 3. Prune, 4. the exact new scope.
  if (options.prune) {
    std::set<k8s::ObjectRef> keep;
    for (const Object& o : input.objects) keep.insert(o.id());
    auto pruned = prune_applyset(cluster, id, merged(old_scope, new_scope), keep, options.prune_data, sink, &lists);
    if (!pruned) return pruned.status();
    summary.pruned = pruned->pruned;
    // Objects kept for their data stay in scope, so the next run still sees and reports them.
    new_scope = merged(new_scope, pruned->kept);
  } else {
    new_scope = merged(new_scope, old_scope);  // nothing was pruned: everything old is still ours
  }
  set_scope(parent.body, new_scope);
  if (Status s = ensure(cluster, parent.body); !s) return s;
  if (sink) {
    ApplyEvent done{ApplyEvent::Kind::kDone};
    done.action = summary.line();
    done.counts = summary;
    sink(done);
  }
  return summary;
}

}  // namespace bg::apply
