// Errors as the Kubernetes API returns them: a Status object (kind Status, status Failure) with an
// HTTP code, a machine-readable reason and a message worded like the real API server's, because
// kubectl prints the message verbatim and clients branch on the reason.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace bg::testserver {

struct ApiError {
  int code = 500;
  std::string reason;  // NotFound, AlreadyExists, Conflict, Invalid, Expired, BadRequest, ...
  std::string message;
  nlohmann::json details = nlohmann::json::object();

  nlohmann::json to_json() const;
};

// `resource` is the group-qualified plural ("pods", "deployments.apps"), as real messages have it.
ApiError not_found(const std::string& resource, const std::string& name);
ApiError already_exists(const std::string& resource, const std::string& name);
ApiError conflict(const std::string& resource, const std::string& name, const std::string& why);
ApiError invalid(const std::string& kind, const std::string& name, const std::string& field, const std::string& why);
ApiError bad_request(const std::string& message);
ApiError gone(const std::string& message);  // 410 Expired
ApiError method_not_supported(const std::string& what);

}  // namespace bg::testserver
