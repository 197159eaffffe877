#include "apply/live_snapshot.h"

#include <mutex>
#include <set>

#include "common/parallel_for.h"
#include "manifest/object.h"

namespace bg::apply {

using manifest::group_of;

Result<std::map<ObjectRef, nlohmann::json>> read_live(Cluster& cluster, const std::vector<ObjectRef>& refs, int parallelism,
                                                      KindLists* lists) {
  std::set<std::pair<std::string, std::string>> group_kinds;
  for (const ObjectRef& r : refs) group_kinds.insert({group_of(r.api_version), r.kind});
  std::vector<std::pair<std::string, std::string>> kinds(group_kinds.begin(), group_kinds.end());

  std::mutex mu;
  Status first_error;
  std::map<ObjectRef, nlohmann::json> listed;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> listed_versions;  // per group-kind
  parallel_for(kinds.size(), parallelism, [&](std::size_t i) {
    auto items = cluster.list({kinds[i].first, kinds[i].second, "", "", ""});
    std::lock_guard<std::mutex> lock(mu);
    if (!items) {
      if (first_error.is_ok()) first_error = items.status();
      return;
    }
    if (lists) (*lists)[kinds[i].second + (kinds[i].first.empty() ? "" : "." + kinds[i].first)] = *items;
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
    const auto& versions = listed_versions[{group_of(r.api_version), r.kind}];
    if (auto it = listed.find(r); it != listed.end()) {
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
