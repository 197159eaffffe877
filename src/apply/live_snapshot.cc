#include "apply/live_snapshot.h"

#include <mutex>
#include <set>

#include "common/parallel_for.h"
namespace bg::apply {

Result<std::map<ObjectRef, nlohmann::json>> read_live(Cluster& cluster, const std::vector<ObjectRef>& refs, int parallelism,
                                                      KindLists* lists) {
  std::set<k8s::GroupKind> group_kinds;
  for (const ObjectRef& r : refs) group_kinds.insert(r.group_kind());
  std::vector<k8s::GroupKind> kinds(group_kinds.begin(), group_kinds.end());

  std::mutex mu;
  Status first_error;
  std::map<ObjectRef, nlohmann::json> listed;
  std::map<k8s::GroupKind, std::set<std::string>> listed_versions;
  parallel_for(kinds.size(), parallelism, [&](std::size_t i) {
    auto items = cluster.list({kinds[i].group, kinds[i].kind, "", "", ""});
    std::lock_guard<std::mutex> lock(mu);
    if (!items) {
      if (first_error.is_ok()) first_error = items.status();
      return;
    }
    if (lists) (*lists)[kinds[i].str()] = *items;
    for (nlohmann::json& item : *items) {
      ObjectRef ref = ObjectRef::of(item);  // first: json's operator= takes its argument by value
      listed_versions[kinds[i]].insert(ref.api_version);
      listed[ref] = std::move(item);
    }
  });
  if (!first_error.is_ok()) return first_error;

  std::map<ObjectRef, nlohmann::json> live;
  std::vector<ObjectRef> missing;
  for (const ObjectRef& r : refs) {
    const auto& versions = listed_versions[r.group_kind()];
    // Refs are equal across versions; the object counts as read only in the version we render.
    if (auto it = listed.find(r); it != listed.end() && it->first.api_version == r.api_version) {
      live[r] = it->second;
    } else if (versions.empty() || versions.count(r.api_version)) {
      // The complete list of its kind, in its version (or no object of the kind in any version).
      live[r] = nullptr;
    } else {
      missing.push_back(r);  // listed in another served version: read it in the one we render
    }
  }
  parallel_for(missing.size(), parallelism, [&](std::size_t i) {
    auto got = cluster.get(missing[i]);
    std::lock_guard<std::mutex> lock(mu);
    if (!got) {
      if (first_error.is_ok()) first_error = got.status();
      return;
    }
    live[missing[i]] = std::move(*got);
  });
  if (!first_error.is_ok()) return first_error;
  return live;
}

}  // namespace bg::apply
