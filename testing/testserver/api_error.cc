#include "testing/testserver/api_error.h"

namespace bg::testserver {
namespace {

std::pair<std::string, std::string> split_resource(const std::string& resource) {
  auto dot = resource.find('.');
  if (dot == std::string::npos) return {resource, ""};
  return {resource.substr(0, dot), resource.substr(dot + 1)};
}

nlohmann::json resource_details(const std::string& resource, const std::string& name) {
  auto [plural, group] = split_resource(resource);
  nlohmann::json d = {{"name", name}, {"kind", plural}};
  if (!group.empty()) d["group"] = group;
  return d;
}

}  // namespace

nlohmann::json ApiError::to_json() const {
  nlohmann::json j = {{"kind", "Status"},     {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
                      {"status", "Failure"},  {"message", message}, {"reason", reason},
                      {"code", code}};
  if (!details.empty()) j["details"] = details;
  return j;
}

ApiError not_found(const std::string& resource, const std::string& name) {
  return {404, "NotFound", resource + " \"" + name + "\" not found", resource_details(resource, name)};
}

ApiError already_exists(const std::string& resource, const std::string& name) {
  return {409, "AlreadyExists", resource + " \"" + name + "\" already exists", resource_details(resource, name)};
}

ApiError conflict(const std::string& resource, const std::string& name, const std::string& why) {
  return {409, "Conflict", "Operation cannot be fulfilled on " + resource + " \"" + name + "\": " + why,
          resource_details(resource, name)};
}

ApiError invalid(const std::string& kind, const std::string& name, const std::string& field, const std::string& why) {
  nlohmann::json details = {{"name", name},
                            {"kind", kind},
                            {"causes", {{{"reason", "FieldValueInvalid"}, {"message", why}, {"field", field}}}}};
  return {422, "Invalid", kind + " \"" + name + "\" is invalid: " + field + ": " + why, details};
}

ApiError bad_request(const std::string& message) { return {400, "BadRequest", message, {}}; }

ApiError gone(const std::string& message) { return {410, "Expired", message, {}}; }

ApiError method_not_supported(const std::string& what) {
  return {405, "MethodNotAllowed", "the server does not allow this method on the requested resource: " + what, {}};
}

}  // namespace bg::testserver
