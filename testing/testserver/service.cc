#include "testing/testserver/service.h"

#include <openssl/rand.h>

#include <thread>

#include "testing/testserver/api_error.h"
#include "testing/testserver/api_util.h"

namespace bg::testserver {

namespace {

std::string random_token() {
  unsigned char b[24];
  RAND_bytes(b, sizeof b);
  std::string s;
  static const char* hex = "0123456789abcdef";
  for (unsigned char c : b) {
    s += hex[c >> 4];
    s += hex[c & 15];
  }
  return s;
}

bool is_public(const std::string& path) {
  return path == "/healthz" || path == "/livez" || path == "/readyz" || path == "/version";
}

}  // namespace

Service::Service(ApiOptions api, Faults faults) : api_(store_, std::move(api)), faults_(faults), token_(random_token()) {
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    Request r;
    r.method = "POST";
    r.path = "/api/v1/namespaces";
    r.body = nlohmann::json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}}.dump();
    r.query["fieldManager"] = "kube-apiserver";
    api_.handle(r);
  }
}

std::optional<Response> Service::serve(Request req) {
  if (req.user.empty() && req.header("authorization") == "Bearer " + token_) req.user = "token-user";
  if (req.user.empty() && !is_public(req.path)) return error_response({401, "Unauthorized", "Unauthorized", {}});
  Faults f = faults_.get();
  if (f.latency.count() > 0) std::this_thread::sleep_for(f.latency);
  switch (faults_.next(req.method, req.path)) {
    case FaultInjector::Action::k429: {
      Response r = error_response({429, "TooManyRequests", "Too many requests, please try again later.",
                                   {{"retryAfterSeconds", f.retry_after_seconds}}});
      r.headers["Retry-After"] = std::to_string(f.retry_after_seconds);
      return r;
    }
    case FaultInjector::Action::k500:
      return error_response({500, "InternalError", "Internal error occurred: injected fault", {}});
    case FaultInjector::Action::k503:
      return error_response({503, "ServiceUnavailable", "the server is currently unable to handle the request", {}});
    case FaultInjector::Action::kDrop:
      return std::nullopt;
    case FaultInjector::Action::kNone:
      break;
  }
  return api_.handle(req);
}

}  // namespace bg::testserver
