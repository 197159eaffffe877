// The Kubernetes REST API over the Store, independent of HTTP: a Request in, a Response out.
//
// Keeping the API apart from the socket layer lets tests drive every verb without TLS, and lets the
// server layer (server.h) stay a thin adapter. Paths are the API server's: /api/v1/namespaces/NS/
// RESOURCE/NAME[/status], /apis/GROUP/VERSION/..., plus discovery, /version and health. Watches come
// back as a Response with `stream` set; the server calls it with a writer for chunks.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "testing/testserver/store.h"

namespace bg::testserver {

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  std::string user;  // authenticated user name

  std::string header(const std::string& name) const;
  std::string param(const std::string& name) const;
};

// Writes one chunk of a stream; false when the client has gone away.
using ChunkWriter = std::function<bool(const std::string&)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;
  std::function<void(const ChunkWriter&)> stream;  // watches
};

// A request path resolved against the registry: which type, namespace, name and subresource.
struct Target {
  const ResourceType* type = nullptr;
  std::string ns;
  std::string name;
  std::string subresource;  // "" or "status"
  bool watch = false;       // the legacy /watch/ path prefix
};

struct ApiOptions {
  std::string server_address = "127.0.0.1:6443";
  std::chrono::milliseconds bookmark_interval{1000};
  // Resources ("secrets", "deployments.apps") that every user is forbidden, every verb: the 403 an
  // RBAC-limited user gets, with the real message, so clients can be tested against refusal.
  std::set<std::string> forbidden;
};

class Api {
 public:
  Api(Store& store, ApiOptions options) : store_(store), options_(std::move(options)) {}
  Response handle(const Request& req);
  // Replaces ApiOptions::forbidden while serving (a test takes rights away between two commands).
  void forbid(std::set<std::string> resources);

 private:
  Response handle_resource(const Request& req, const Target& t);
  Response get(const Request& req, const Target& t);
  Response list(const Request& req, const Target& t);
  Response watch(const Request& req, const Target& t);
  Response create(const Request& req, const Target& t);
  Response update(const Request& req, const Target& t, nlohmann::json body);
  Response patch(const Request& req, const Target& t);
  Response remove(const Request& req, const Target& t);
  Response remove_collection(const Request& req, const Target& t);
  Response respond_object(const Request& req, const Target& t, const nlohmann::json& obj, int status);

  Store& store_;
  ApiOptions options_;
  std::mutex forbidden_mu_;  // guards options_.forbidden
};

}  // namespace bg::testserver
