#include "apply/secret_copies.h"

#include <map>

#include "apply/live_snapshot.h"
#include "common/parallel_for.h"
#include "k8s/json_view.h"
#include "secrets/generate.h"
#include "secrets/keep.h"

namespace bg::apply {
namespace {

std::string copy_of(const manifest::Object& o) {
  std::string primary = k8s::JsonView(o.body)["metadata"]["annotations"][kCopyOfAnnotation].str();
  return primary.empty() ? o.ns() + "/" + o.name() : primary;
}

nlohmann::json live_data(const nlohmann::json& live) {
  k8s::JsonView data = k8s::JsonView(live)["data"];
  return data.is_object() ? data.copy() : nlohmann::json::object();
}

constexpr int kSettleParallelism = 8;

}  // namespace

Status settle_secrets(Cluster& cluster, std::vector<manifest::Object>& objects, const std::set<std::string>& rotate) {
  std::map<std::string, std::vector<std::size_t>> groups;  // primary "ns/name" → members, primary first
  for (std::size_t i = 0; i < objects.size(); ++i) {
    if (objects[i].from.trait != "secret") continue;
    std::string primary = copy_of(objects[i]);
    auto& g = groups[primary];
    if (primary == objects[i].ns() + "/" + objects[i].name()) g.insert(g.begin(), i);
    else g.push_back(i);
  }
  // Every copy's live state at once (one list finds the Secrets already applied).
  std::vector<ObjectRef> refs;
  for (const auto& [primary, members] : groups)
    for (std::size_t i : members) refs.push_back(ObjectRef::of(objects[i].body));
  auto live = read_live(cluster, refs, kSettleParallelism);
  if (!live) return live.status();
  // Groups are independent, and a first install derives a bcrypt line per basic-auth Secret
  // (slow on purpose): settle them side by side.
  std::vector<std::pair<const std::string*, std::vector<std::size_t>*>> work;
  for (auto& [primary, members] : groups) work.push_back({&primary, &members});
  parallel_for(work.size(), kSettleParallelism, [&](std::size_t g) {
    const std::string& primary = *work[g].first;
    const std::vector<std::size_t>& members = *work[g].second;
    bool rotating = rotate.count(primary) > 0;
    // Live values win, the primary's over a copy's: walk copies first so the primary overwrites.
    nlohmann::json held = nlohmann::json::object();
    if (!rotating)
      for (auto it = members.rbegin(); it != members.rend(); ++it) {
        nlohmann::json data = live_data(live->at(ObjectRef::of(objects[*it].body)));  // named: items() must not outlive it
        for (auto& [key, value] : data.items()) held[key] = value;
      }
    // Keys nobody holds yet come from the primary's fresh draw (all copies were built from one).
    nlohmann::json as_live = held.empty() ? nlohmann::json() : nlohmann::json{{"data", held}};
    secrets::KeptSecret kept = secrets::keep_existing(objects[members.front()].body, as_live, rotating);
    nlohmann::json chosen = std::move(kept.secret["data"]);  // json: ours (keep_existing always writes data)
    for (std::size_t i : members) {  // each group touches only its own objects
      nlohmann::json& body = objects[i].body;
      body.erase("stringData");
      body.erase(secrets::kDerivedHtpasswd);
      body["data"] = chosen;
      objects[i].from.trait = "secret-settled";
    }
  });
  return Status::ok();
}

}  // namespace bg::apply
