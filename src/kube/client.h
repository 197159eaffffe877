// The Kubernetes client: typed operations over the REST API for the rest of Betelgeuse.
//
// A Client owns a Transport (libcurl, or a fake in tests), the credentials of one ClientConfig
// (bearer token, tokenFile re-read on every request, or an exec plugin whose credential is cached
// until it expires), a client-side rate limiter, the retry policy (retry.h) and the REST mapper.
// Every operation returns a value: a NotFound get is an empty optional, other API errors are a
// Status carrying the server's message, transient when retrying later may help. Failing to talk
// to the server is never absence: a refused or cut connection, an untrusted certificate, a 401, a
// 403 and a failed discovery are errors with their Status::Code, and only a real 404 is "not
// found".
//
// One request, its retries included, takes at most `request_timeout`; each retry of a failed
// connection is announced through `on_retry`, and failed connections are retried only for
// `unreachable_timeout` of it: a cluster that cannot be reached is reported within seconds, while
// one that is reached but slow to answer (a loaded API server storing a MiB-sized CRD through
// server-side apply took more than 10 s on the real control plane) is given the whole budget. Once
// a request has given up without an answer, the client's later requests fail at once with the
// same error: a command that fans out over hundreds of requests must fail in one budget, not in
// one per request.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "common/clock.h"
#include "k8s/object_ref.h"
#include "kube/exec_credential.h"
#include "kube/kubeconfig.h"
#include "kube/rest_mapper.h"
#include "kube/retry.h"
#include "kube/transport.h"

namespace bg::kube {

// A failed connection about to be tried again: attempt `attempt` of at most `max_attempts`.
struct RetryNotice {
  int attempt = 0;
  int max_attempts = 0;
  std::string message;  // "cannot reach https://h:6443: connection refused"
};

struct ClientOptions {
  // A whole-platform apply (~400 requests) fits in one burst; sustained use (status --watch, the
  // daemon) is held to 100/s. The API server's own priority and fairness answers 429 beyond
  // that, which the retry policy honours.
  double qps = 100;
  int burst = 500;
  RetryPolicy retry;
  // One request, its retries included (kubectl's --request-timeout). Watch streams are exempt.
  std::chrono::milliseconds request_timeout{60000};
  // How long, of that budget, failed connections (refused, reset, no connection made) are tried
  // again; never more than request_timeout.
  std::chrono::milliseconds unreachable_timeout{10000};
  std::chrono::milliseconds connect_timeout{10000};
  std::string user_agent = "betelgeuse/" BETELGEUSE_VERSION;
  Clock* clock = nullptr;  // default: the system clock
  // Called (from any thread, once per attempt number during an outage) before a failed connection
  // is retried.
  std::function<void(const RetryNotice&)> on_retry;
};

// apiVersion, kind, namespace, name; `ns` is ignored for cluster-scoped kinds, and "" is the
// client's default namespace.
using k8s::ObjectRef;

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
  const std::string& server() const { return config_.server; }

  // One request with auth, rate limit and retries. Any HTTP answer is returned as it is.
  Result<HttpResponse> request(HttpRequest req, bool idempotent);

  // Whether the server serves the kind (discovery refreshed once on a miss); an error when
  // discovery itself fails, never "not served".
  Result<bool> serves(const std::string& api_version, const std::string& kind);
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
  std::mutex mu_;  // guards backoff_, mapper_, exec_, unreachable_, announced_
  Backoff backoff_;
  RestMapper mapper_;
  std::optional<ExecCredential> exec_;
  std::optional<Status> unreachable_;  // set once a request spent its budget without reaching the server
  int announced_ = 0;                  // the highest attempt announced in the current outage
};

// Percent-encodes a query value.
std::string escape(const std::string& s);

// The Status message of an API error answer ("configmaps \"x\" not found"), or a generic one.
std::string api_error_message(const HttpResponse& r);

// An API error answer as a Status: 401 is "Unauthorized: the kubeconfig's credentials were refused
// by SERVER" (kUnauthenticated), 403 "Forbidden: <the server's message>" (kForbidden), 429 and
// 5xx transient, anything else terminal with the server's message.
Status api_error(const HttpResponse& r, const std::string& server);

}  // namespace bg::kube
