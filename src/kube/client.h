// The Kubernetes client: typed operations over the REST API for the rest of Betelgeuse.
//
// A Client owns a Transport (libcurl, or a fake in tests), the credentials of one ClientConfig
// (bearer token, tokenFile re-read on every request, or an exec plugin whose credential is cached
// until it expires), a client-side rate limiter, the retry policy (retry.h) and the REST mapper.
// Every operation returns a value: a NotFound get is an empty optional, other API errors are a
// Status carrying the server's message, transient when retrying later may help.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/clock.h"
#include "kube/exec_credential.h"
#include "kube/kubeconfig.h"
#include "kube/rest_mapper.h"
#include "kube/retry.h"
#include "kube/transport.h"

namespace bg::kube {

struct ClientOptions {
  // A whole-platform apply (~400 requests) fits in one burst; sustained use (status --watch, the
  // daemon) is held to 100/s. The API server's own priority and fairness answers 429 beyond
  // that, which the retry policy honours.
  double qps = 100;
  int burst = 500;
  RetryPolicy retry;
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds connect_timeout{10000};
  std::string user_agent = "betelgeuse/" BETELGEUSE_VERSION;
  Clock* clock = nullptr;  // default: the system clock
};

struct ObjectRef {
  std::string api_version;
  std::string kind;
  std::string namespace_name;  // ignored for cluster-scoped kinds; "" = the client's default namespace
  std::string name;
};

struct ListOptions {
  std::string label_selector;
  std::string field_selector;
  int page_size = 500;  // the client follows `continue` until the list is complete
};

struct ApplyOptions {
  std::string field_manager = "betelgeuse";
  bool force = false;
  bool dry_run = false;
};

struct WatchEvent {
  std::string type;  // ADDED, MODIFIED, DELETED, or RELIST (object: the fresh List after a 410)
  nlohmann::json object;
};

struct WatchOptions {
  std::string label_selector;
  std::string field_selector;
  std::string resource_version;  // "": list first (each item ADDED), then watch from the list
  int timeout_seconds = 300;     // per watch request; the watch resumes after it
  int max_failures = 10;         // consecutive failed reconnects before giving up
};

class Client {
 public:
  static Result<std::unique_ptr<Client>> connect(const ClientConfig& config, ClientOptions options = {});
  Client(ClientConfig config, std::unique_ptr<Transport> transport, ClientOptions options);

  const std::string& default_namespace() const { return config_.namespace_name; }

  // One request with auth, rate limit and retries. Any HTTP answer is returned as it is.
  Result<HttpResponse> request(HttpRequest req, bool idempotent);

  Result<Mapping> mapping(const std::string& api_version, const std::string& kind);

  Result<std::optional<nlohmann::json>> get(const ObjectRef& ref);
  // A List whose items are every object that matches (pages followed).
  Result<nlohmann::json> list(const std::string& api_version, const std::string& kind, const std::string& ns,
                              const ListOptions& options = {});
  Result<nlohmann::json> create(const nlohmann::json& object, bool dry_run = false);
  Result<nlohmann::json> apply(const nlohmann::json& object, const ApplyOptions& options = {});
  Result<nlohmann::json> update_status(const nlohmann::json& object);
  // true when deleted (or deletion started), false when it was already gone.
  Result<bool> remove(const ObjectRef& ref, const std::string& propagation = "Background");
  // Calls `handler` for each event until it returns false. Resumes after disconnects from the last
  // resourceVersion seen (bookmarks included); after 410 Gone lists again and sends RELIST.
  Status watch(const std::string& api_version, const std::string& kind, const std::string& ns,
               const WatchOptions& options, const std::function<bool(const WatchEvent&)>& handler);

 private:
  Status authorize(HttpRequest& req);
  Result<std::string> path_for(const std::string& api_version, const std::string& kind, const std::string& ns,
                               const std::string& name);
  Status refresh_discovery();
  Result<nlohmann::json> json_call(HttpRequest req, bool idempotent);

  ClientConfig config_;
  std::unique_ptr<Transport> transport_;
  ClientOptions options_;
  SystemClock system_clock_;
  Clock& clock_;
  RateLimiter limiter_;
  std::mutex mu_;  // guards backoff_, mapper_, exec_
  Backoff backoff_;
  RestMapper mapper_;
  std::optional<ExecCredential> exec_;
};

// Percent-encodes a query value.
std::string escape(const std::string& s);

// The Status message of an API error answer ("configmaps \"x\" not found"), or a generic one.
std::string api_error_message(const HttpResponse& r);

}  // namespace bg::kube
