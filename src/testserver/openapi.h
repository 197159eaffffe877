// The OpenAPI v3 documents kubectl asks for before it creates or applies anything.
//
// kubectl 1.32 validates with `--validate=strict` by default: it fetches /openapi/v3, then the
// document of the object's group-version, and looks for the PATCH operation tagged with the
// object's x-kubernetes-group-version-kind. If that operation lists the `fieldValidation` query
// parameter, kubectl leaves validation to the server (and sends fieldValidation=Strict); otherwise it
// would need full schemas. So the documents here carry paths and operations, not schemas: enough
// for kubectl's checks, not for `kubectl explain` (docs/testing.md).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "testserver/resources.h"

namespace bg::testserver {

nlohmann::json openapi_v3_index(const Registry& registry);
// `gv_path` is "api/v1" or "apis/GROUP/VERSION".
std::optional<nlohmann::json> openapi_v3_document(const Registry& registry, const std::string& gv_path);

}  // namespace bg::testserver
