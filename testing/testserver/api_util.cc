#include "testing/testserver/api_util.h"

#include <regex>

#include "testing/testserver/protobuf.h"
#include "yaml/loader.h"

namespace bg::testserver {

using nlohmann::json;

std::string Request::header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::param(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

Response json_response(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump();
  return r;
}

Response error_response(const ApiError& e) { return json_response(e.code, e.to_json()); }

std::optional<json> parse_body(const std::string& body, std::string& error, const std::string& content_type) {
  if (content_type.rfind(kProtobufContentType, 0) == 0) return decode_protobuf_object(body, error);
  json j = json::parse(body, nullptr, false);
  if (!j.is_discarded()) return j;
  yaml::LoadResult loaded = yaml::load(body, "body");
  if (loaded.diagnostics.has_errors() || loaded.documents.size() != 1) {
    error = loaded.diagnostics.empty() ? "the request body holds no single object"
                                       : loaded.diagnostics.items().front().message;
    return std::nullopt;
  }
  return yaml::to_json(loaded.documents[0].root);
}

std::string field_manager(const Request& req) {
  std::string m = req.param("fieldManager");
  if (!m.empty()) return m;
  std::string ua = req.header("user-agent");
  std::string prog = ua.substr(0, ua.find('/'));
  return prog.empty() ? "unknown" : prog;
}

std::string name_problem(const std::string& name) {
  static const std::regex re("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  if (name.size() <= 253 && std::regex_match(name, re)) return "";
  return "Invalid value: \"" + name +
         "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
         "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
}

bool dry_run(const Request& req) { return req.param("dryRun") == "All"; }

}  // namespace bg::testserver
