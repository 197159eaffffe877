#include "k8s/conditions.h"

#include "k8s/json_view.h"

namespace bg::k8s {
namespace {

using Json = nlohmann::json;

// The items of status.conditions; none when the object has no list there.
std::vector<JsonView> list_of(const Json& object) { return JsonView(object)["status"]["conditions"].items(); }

Condition read(JsonView c) {
  const Json* generation = c["observedGeneration"].json();
  return {c["type"].str(), c["status"].str(), c["reason"].str(), c["message"].str(),
          generation != nullptr && generation->is_number_integer() ? generation->get<long long>() : -1};
}

std::vector<Condition> read_all(const std::vector<JsonView>& list) {
  std::vector<Condition> out;
  for (JsonView c : list)
    if (c.is_object()) out.push_back(read(c));
  return out;
}

std::optional<Condition> find(const std::vector<JsonView>& list, std::string_view type) {
  for (JsonView c : list)
    if (c.is_object() && c["type"].str() == type) return read(c);
  return std::nullopt;
}

}  // namespace

std::vector<Condition> conditions_of(const Json& object) { return read_all(list_of(object)); }

std::optional<Condition> condition_of(const Json& object, std::string_view type) { return find(list_of(object), type); }

std::vector<Condition> conditions_in(const Json& list) { return read_all(JsonView(list).items()); }

std::optional<Condition> condition_in(const Json& list, std::string_view type) { return find(JsonView(list).items(), type); }

bool condition_is(const Json& object, std::string_view type, std::string_view status) {
  std::optional<Condition> c = condition_of(object, type);
  return c && c->status == status;
}

}  // namespace bg::k8s
