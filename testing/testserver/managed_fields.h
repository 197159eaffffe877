// Field ownership for server-side apply: which manager set which field, as managedFields records
// it (fieldsType FieldsV1), and the apply merge that follows from it.
//
// A field set is a set of leaf paths: map keys, and an element segment for each element of a list
// the kind's schema marks as a map or a set (`k:{"containerPort":80,"protocol":"TCP"}`,
// `v:"example.com/hold"`, see list_types.h), owned element by element; other lists are atomic,
// owned and replaced whole. Ownership lives only in each object's metadata.managedFields, so an
// object read back carries everything needed for the next apply.
#pragma once

#include <optional>
#include <variant>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "testing/testserver/api_error.h"
#include "testing/testserver/list_types.h"

namespace bg::testserver {

using FieldPath = std::vector<std::string>;  // map keys without "f:", or k:{...} and v:... segments
using FieldSet = std::set<FieldPath>;

// Leaf paths of an object's user-owned content (not apiVersion, kind, status, or the server-owned
// metadata fields such as uid and resourceVersion).
FieldSet leaf_fields(const nlohmann::json& object, const ListTypes& lists, bool include_status = false);

nlohmann::json to_fields_v1(const FieldSet& fields);
FieldSet from_fields_v1(const nlohmann::json& fields_v1);

// ".data.key", ".spec.ports[port=80,protocol=\"TCP\"].targetPort" — how conflict messages name a field.
std::string field_text(const FieldPath& path);

// Records that `manager` (operation "Update") changed the fields that differ between `before`
// (null for a create) and `after`: it gains them and every other manager loses them. Writes
// after.metadata.managedFields.
void record_update(const nlohmann::json& before, nlohmann::json& after, const std::string& manager,
                   const std::string& now, const ListTypes& lists);

struct ApplyRequest {
  std::string manager;
  bool force = false;
  std::string resource;  // for the conflict message's details
  std::string now;       // RFC 3339 time for the managedFields entry
  ListTypes lists;       // the kind's list types
};

// Server-side apply of `applied` onto `live` (null when the object does not exist yet). Returns
// the new object, or a 409 naming every conflicting field when another manager owns a field with
// a different value and force is not set.
std::variant<nlohmann::json, ApiError> server_side_apply(const nlohmann::json& live, const nlohmann::json& applied,
                                                         const ApplyRequest& req);

}  // namespace bg::testserver
