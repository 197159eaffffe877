// The OpenAPI documents kubectl asks for before it creates, applies or diffs anything.
//
// kubectl 1.32 validates with `--validate=strict` by default: it fetches /openapi/v3, then the
// document of the object's group-version, and looks for the PATCH operation tagged with the
// object's x-kubernetes-group-version-kind. If that operation lists the `fieldValidation` query
// parameter, kubectl leaves validation to the server (and sends fieldValidation=Strict); otherwise it
// would need full schemas. So the documents here carry paths and operations, not schemas: enough
// for kubectl's checks, not for `kubectl explain` (docs/testing.md).
//
// Older kubectl (Debian 12's 1.20) reads the OpenAPI v2 document instead, as protobuf
// (openapi_v2_proto.h encodes it): before `kubectl diff` or `--dry-run=server` it looks for the path
// whose PATCH operation carries the object's x-kubernetes-group-version-kind and checks that the
// operation lists the `dryRun` query parameter; a kind it cannot find "doesn't support dry-run"
// (unless it is a CRD and Namespaces support it). Both versions come from one description of the
// paths, so they cannot disagree.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "testing/testserver/resources.h"

namespace bg::testserver {

nlohmann::json openapi_v3_index(const Registry& registry);
// `gv_path` is "api/v1" or "apis/GROUP/VERSION".
std::optional<nlohmann::json> openapi_v3_document(const Registry& registry, const std::string& gv_path);
// The Swagger 2.0 document of every served kind: paths and operations, no definitions.
nlohmann::json openapi_v2_document(const Registry& registry);

}  // namespace bg::testserver
