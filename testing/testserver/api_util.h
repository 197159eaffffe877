// Small helpers shared by the API's read and write halves: JSON responses, error responses,
// request bodies in JSON or YAML, the field manager a request acts as, and name validation.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "testing/testserver/api.h"
#include "testing/testserver/api_error.h"

namespace bg::testserver {

Response json_response(int status, const nlohmann::json& body);
Response error_response(const ApiError& e);

// A request body as JSON; YAML is accepted too (apply patches are YAML). nullopt on bad syntax.
// Protobuf when content_type says so (protobuf.h).
std::optional<nlohmann::json> parse_body(const std::string& body, std::string& error,
                                         const std::string& content_type = "");

// fieldManager, else the User-Agent's program name ("kubectl" from "kubectl/v1.32.4 (...)").
std::string field_manager(const Request& req);

// "" when valid, else the API server's explanation for an invalid RFC 1123 subdomain name.
std::string name_problem(const std::string& name);

bool dry_run(const Request& req);

}  // namespace bg::testserver
