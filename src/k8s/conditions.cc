#include "k8s/conditions.h"

namespace bg::k8s {
namespace {

using Json = nlohmann::json;

std::string text(const Json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The list, or null when the object has none (or it is not a list).
const Json* list_of(const Json& object) {
  if (!object.is_object()) return nullptr;
  auto status = object.find("status");
  if (status == object.end() || !status->is_object()) return nullptr;
  auto list = status->find("conditions");
  return list != status->end() && list->is_array() ? &*list : nullptr;
}

Condition read(const Json& c) { return {text(c, "type"), text(c, "status"), text(c, "reason"), text(c, "message")}; }

}  // namespace

std::vector<Condition> conditions_of(const Json& object) {
  std::vector<Condition> out;
  if (const Json* list = list_of(object))
    for (const Json& c : *list)
      if (c.is_object()) out.push_back(read(c));
  return out;
}

std::optional<Condition> condition_of(const Json& object, std::string_view type) {
  if (const Json* list = list_of(object))
    for (const Json& c : *list)
      if (c.is_object() && text(c, "type") == type) return read(c);
  return std::nullopt;
}

bool condition_is(const Json& object, std::string_view type, std::string_view status) {
  std::optional<Condition> c = condition_of(object, type);
  return c && c->status == status;
}

}  // namespace bg::k8s
