// The non-apply PATCH flavours: JSON merge patch (RFC 7386), JSON patch (RFC 6902), and an
// approximation of strategic merge patch good enough for what kubectl sends.
//
// Strategic merge differs from a merge patch in lists: lists of objects that carry a `name` are
// merged element by element (an element with `$patch: delete` is removed), and the directive keys
// kubectl adds (`$setElementOrder/...`, `$retainKeys`, `$deleteFromPrimitiveList/...`) are honoured
// or dropped. Other merge keys (containerPort, mountPath) are not modelled: such lists are
// replaced whole. docs/testing.md says so.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace bg::testserver {

// Returns the patched object, or nullopt with `error` set when the patch cannot apply.
std::optional<nlohmann::json> apply_patch(const nlohmann::json& target, const std::string& content_type,
                                          const std::string& body, std::string& error);

nlohmann::json strategic_merge(const nlohmann::json& target, const nlohmann::json& patch);

}  // namespace bg::testserver
