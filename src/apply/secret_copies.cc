#include "apply/secret_copies.h"

#include <map>

#include "secrets/keep.h"

namespace bg::apply {
namespace {

std::string copy_of(const manifest::Object& o) {
  const auto& m = o.body["metadata"];
  if (m.contains("annotations") && m["annotations"].is_object() && m["annotations"].contains(kCopyOfAnnotation))
    return m["annotations"][kCopyOfAnnotation].get<std::string>();
  return o.ns() + "/" + o.name();
}

nlohmann::json live_data(const nlohmann::json& live) {
  return live.is_object() && live.contains("data") && live["data"].is_object() ? live["data"] : nlohmann::json::object();
}

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
  for (auto& [primary, members] : groups) {
    // Fresh values come from the primary's plan (all copies were built from one draw).
    nlohmann::json chosen = secrets::keep_existing(objects[members.front()].body, nullptr).secret["data"];
    if (!rotate.count(primary)) {
      // Live values win, the primary's over a copy's: walk copies first so the primary overwrites.
      for (auto it = members.rbegin(); it != members.rend(); ++it) {
        auto live = cluster.get(ObjectRef::of(objects[*it].body));
        if (!live) return live.status();
        nlohmann::json data = live_data(*live);  // named: items() must not outlive its object
        for (auto& [key, value] : data.items()) chosen[key] = value;
      }
    }
    for (std::size_t i : members) {
      nlohmann::json& body = objects[i].body;
      body.erase("stringData");
      body["data"] = chosen;
      objects[i].from.trait = "secret-settled";
    }
  }
  return Status::ok();
}

}  // namespace bg::apply
