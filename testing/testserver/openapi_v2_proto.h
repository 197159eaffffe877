// The OpenAPI v2 document as the protobuf kubectl's discovery client asks for: gnostic's
// `openapi.v2.Document` (github.com/google/gnostic, openapiv2/OpenAPIv2.proto).
//
// Only the part of Swagger 2.0 that openapi_v2_document() writes is encoded: swagger, info, and
// paths whose operations have an operationId, query and path parameters, responses with a
// description, and vendor extensions. Anything else in the JSON is left out rather than guessed
// at; the test decodes the bytes back and asks kubectl 1.20's dry-run question of them. A vendor
// extension's value is gnostic's `Any` with the value as YAML text; it is written as JSON, which is
// YAML too, and which kubectl's YAML decoder reads as the map it expects.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace bg::testserver {

// What a real API server answers with for Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf.
inline constexpr const char* kOpenApiV2ProtobufContentType =
    "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

std::string encode_openapi_v2(const nlohmann::json& document);

}  // namespace bg::testserver
