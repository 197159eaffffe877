// Conditions: what controllers write in an object's status.conditions (or in a list of their own,
// such as a Gateway listener's), read without trusting its shape.
//
// Every controller reports through the same list of {type, status, reason, message}, and health,
// the gate's explanations and the test server's tables all read it. The list comes from servers
// and controllers we do not control, so reading never throws: an entry that is not an object is
// skipped, a field that is absent or not a string reads as "".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::k8s {

struct Condition {
  std::string type;     // "Ready", "Available", "Established", ...
  std::string status;   // "True", "False", "Unknown"
  std::string reason;   // "MinimumReplicasAvailable"
  std::string message;  // for a person
  // The generation of the object the controller had seen when it wrote this condition; -1 when
  // the condition does not say (older controllers, or the API's own defaults).
  long long observed_generation = -1;
};

// status.conditions of an object, in order; empty when there are none.
std::vector<Condition> conditions_of(const nlohmann::json& object);
// The condition of `type`, or nothing.
std::optional<Condition> condition_of(const nlohmann::json& object, std::string_view type);
// Whether the condition of `type` is there with this status ("True", "False").
bool condition_is(const nlohmann::json& object, std::string_view type, std::string_view status);

// The same for a list of conditions found elsewhere: a Gateway listener's, a route's per parent.
std::vector<Condition> conditions_in(const nlohmann::json& list);
std::optional<Condition> condition_in(const nlohmann::json& list, std::string_view type);

}  // namespace bg::k8s
