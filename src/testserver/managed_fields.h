// Field ownership for server-side apply: which manager set which field, as managedFields records
// it (fieldsType FieldsV1), and the apply merge that follows from it.
//
// A field set is a set of leaf paths (map keys, and `k:{"name":"web"}` for an element of a list of
// objects that all carry a name — containers, env, volumes — which is owned element by element,
// as Kubernetes' associative lists are). Other lists are atomic: owned and replaced whole; lists
// keyed by something else (containerPort, mountPath) are among them, as docs/testing.md states.
// Ownership lives only in each object's metadata.managedFields, so an object read back carries
// everything needed for the next apply.
#pragma once

#include <optional>
#include <variant>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "testserver/api_error.h"

namespace bg::testserver {

using FieldPath = std::vector<std::string>;  // map keys without "f:", or k:{"name":...} segments
using FieldSet = std::set<FieldPath>;

// Leaf paths of an object's user-owned content (not apiVersion, kind, status, or the server-owned
// metadata fields such as uid and resourceVersion).
FieldSet leaf_fields(const nlohmann::json& object, bool include_status = false);

nlohmann::json to_fields_v1(const FieldSet& fields);
FieldSet from_fields_v1(const nlohmann::json& fields_v1);

// ".data.key" — how conflict messages name a field.
std::string field_text(const FieldPath& path);

// Records that `manager` (operation "Update") changed the fields that differ between `before`
// (null for a create) and `after`: it gains them and every other manager loses them. Writes
// after.metadata.managedFields.
void record_update(const nlohmann::json& before, nlohmann::json& after, const std::string& manager,
                   const std::string& now);

struct ApplyRequest {
  std::string manager;
  bool force = false;
  std::string resource;  // for the conflict message's details
  std::string now;       // RFC 3339 time for the managedFields entry
};

// Server-side apply of `applied` onto `live` (null when the object does not exist yet). Returns
// the new object, or a 409 naming every conflicting field when another manager owns a field with
// a different value and force is not set.
std::variant<nlohmann::json, ApiError> server_side_apply(const nlohmann::json& live, const nlohmann::json& applied,
                                                         const ApplyRequest& req);

}  // namespace bg::testserver
