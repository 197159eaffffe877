#include "apply/engine.h"

#include <atomic>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "apply/drift.h"
#include "apply/gate.h"
#include "apply/prune.h"
#include "apply/secret_copies.h"
#include "apply/waves.h"
#include "secrets/keep.h"

namespace bg::apply {
namespace {

using manifest::Object;

std::string label(const nlohmann::json& o, const char* key) {
  if (!o.is_object() || !o.contains("metadata") || !o["metadata"].is_object()) return "";
  const auto& labels = o["metadata"].value("labels", nlohmann::json::object());
  return labels.is_object() && labels.contains(key) && labels[key].is_string() ? labels[key].get<std::string>() : "";
}

struct Outcome {
  std::string action;  // created, configured, unchanged
  Status status;
};

// One object: read live, decide, write if needed.
Outcome apply_one(Cluster& cluster, const Object& o, const std::string& applyset, const ApplyOptionsForRun& options) {
  ObjectRef ref = ObjectRef::of(o.body);
  auto live = cluster.get(ref);
  if (!live) return {"", live.status()};
  std::string owner = label(*live, kPartOfLabel);
  if (!live->is_null() && !owner.empty() && owner != applyset)
    return {"", Status::terminal(ref.str() + " belongs to another ApplySet (" + owner +
                                 "); Betelgeuse does not take over objects another tool owns")};
  nlohmann::json desired = desired_object(o, *live, false);
  WriteNeed need = write_need(desired, *live);
  if (need == WriteNeed::kNone) return {"unchanged", Status::ok()};
  auto applied = cluster.apply(desired, ApplyOptions{});
  if (!applied) return {"", applied.status()};
  return {need == WriteNeed::kCreate ? "created" : "configured", Status::ok()};
}

// Applies objects in parallel with at most `parallelism` requests in flight; the first error wins.
Status apply_wave(Cluster& cluster, const std::vector<const Object*>& members, const std::string& applyset,
                  const ApplyOptionsForRun& options, int wave, const std::string& wave_name, const EventSink& sink,
                  ApplySummary& summary) {
  std::atomic<std::size_t> next{0};
  std::mutex mu;
  Status first_error;
  auto work = [&] {
    for (std::size_t i = next++; i < members.size(); i = next++) {
      Outcome out = apply_one(cluster, *members[i], applyset, options);
      std::lock_guard<std::mutex> lock(mu);
      if (!out.status.is_ok()) {
        if (first_error.is_ok()) first_error = out.status;
        continue;
      }
      (out.action == "created" ? summary.created : out.action == "configured" ? summary.configured : summary.unchanged)++;
      ApplyEvent e{ApplyEvent::Kind::kObject, wave, wave_name};
      e.object = ObjectRef::of(members[i]->body).str();
      e.action = out.action;
      if (sink) sink(e);
    }
  };
  std::size_t n = std::min<std::size_t>(members.size(), static_cast<std::size_t>(std::max(1, options.parallelism)));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  return first_error;
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

Result<ApplySummary> apply_platform(Cluster& cluster, Clock& clock, ApplyInput input, const ApplyOptionsForRun& options,
                                    const EventSink& sink) {
  ApplySummary summary;
  const std::string id = applyset_id(input.parent);
  manifest::Object parent = label_members(input.objects, input.parent, input.tooling);

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
  auto waves = plan_waves(input.objects, input.depends_on);
  if (!waves) return waves.status();
  for (std::size_t w = 0; w < waves->size(); ++w) {
    const Wave& wave = (*waves)[w];
    int index = static_cast<int>(w);
    if (sink) sink({ApplyEvent::Kind::kWaveStarted, index, wave.name, "", "", 0, wave.members.size()});
    std::vector<const Object*> members;
    std::vector<ObjectRef> refs;
    for (std::size_t i : wave.members) {
      members.push_back(&input.objects[i]);
      refs.push_back(ObjectRef::of(input.objects[i].body));
    }
    if (Status s = apply_wave(cluster, members, id, options, index, wave.name, sink, summary); !s) return s;
    GateResult gate = wait_healthy(cluster, clock, refs, options.wave_timeout, options.poll, [&](std::size_t current, std::size_t total) {
      if (sink) sink({ApplyEvent::Kind::kWaveProgress, index, wave.name, "", "", current, total});
    });
    if (!gate.healthy) {
      ApplyEvent blocked{ApplyEvent::Kind::kWaveBlocked, index, wave.name};
      for (const MemberHealth& m : gate.unhealthy)
        for (std::string& line : explain(cluster, m.ref, m.report)) blocked.why.push_back(std::move(line));
      if (sink) sink(blocked);
      std::string first = gate.unhealthy.front().ref.str() + ": " + gate.unhealthy.front().report.message;
      return Status::terminal(fmt::format("wave {} ({}) {}: {}", index + 1, wave.name,
                                          gate.timed_out ? "did not become healthy in time" : "failed", first));
    }
    if (sink) sink({ApplyEvent::Kind::kWaveHealthy, index, wave.name, "", "", refs.size(), refs.size()});
  }

  // 3. Prune, 4. the exact new scope.
  if (options.prune) {
    std::set<manifest::ObjectId> keep;
    for (const Object& o : input.objects) keep.insert(o.id());
    auto pruned = prune_applyset(cluster, id, merged(old_scope, new_scope), keep, options.prune_data, sink);
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
    sink(done);
  }
  return summary;
}

}  // namespace bg::apply
