// The non-apply PATCH flavours: JSON merge patch (RFC 7386), JSON patch (RFC 6902), and an
// approximation of strategic merge patch good enough for what kubectl sends.
//
// Strategic merge differs from a merge patch in lists, which follow the kind's list types
// (list_types.h): map lists merge element by element on their merge key, the first list-map key
// (name for containers, containerPort for ports, mountPath for volumeMounts; an element with
// `$patch: delete` is removed), sets of scalars take the union, and atomic lists are replaced. The
// directive keys kubectl adds (`$setElementOrder/...`, `$retainKeys`,
// `$deleteFromPrimitiveList/...`) are honoured or dropped.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "testing/testserver/list_types.h"

namespace bg::testserver {

// Returns the patched object, or nullopt with `error` set when the patch cannot apply.
std::optional<nlohmann::json> apply_patch(const nlohmann::json& target, const std::string& content_type,
                                          const std::string& body, const ListTypes& lists, std::string& error);

nlohmann::json strategic_merge(const nlohmann::json& target, const nlohmann::json& patch, const ListTypes& lists);

}  // namespace bg::testserver
