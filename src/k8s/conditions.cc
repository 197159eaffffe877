#include "k8s/conditions.h"

#include "k8s/json_view.h"

namespace bg::k8s {
namespace {

using Json = nlohmann::json;

// The items of status.conditions; none when the object has no list there.
std::vector<JsonView> list_of(const Json& object) { return JsonView(object)["status"]["conditions"].items(); }

Condition read(JsonView c) { return {c["type"].str(), c["status"].str(), c["reason"].str(), c["message"].str()}; }

}  // namespace

std::vector<Condition> conditions_of(const Json& object) {
  std::vector<Condition> out;
  for (JsonView c : list_of(object))
    if (c.is_object()) out.push_back(read(c));
  return out;
}

std::optional<Condition> condition_of(const Json& object, std::string_view type) {
  for (JsonView c : list_of(object))
    if (c.is_object() && c["type"].str() == type) return read(c);
  return std::nullopt;
}

bool condition_is(const Json& object, std::string_view type, std::string_view status) {
  std::optional<Condition> c = condition_of(object, type);
  return c && c->status == status;
}

}  // namespace bg::k8s
