#include "kube/client.h"

#include <fstream>
#include <sstream>

#include "common/percent_encode.h"
#include "k8s/json_view.h"

namespace bg::kube {

using nlohmann::json;

std::string escape(const std::string& s) { return percent_encode(s); }

std::string api_error_message(const HttpResponse& r) {
  json s = json::parse(r.body, nullptr, false);
  k8s::JsonView status(s);
  if (status["kind"].str() == "Status" && !status["message"].str().empty()) return status["message"].str();
  return "the server answered " + std::to_string(r.status) + (r.body.empty() ? "" : ": " + r.body.substr(0, 200));
}

Status api_error(const HttpResponse& r, const std::string& server) {
  if (r.status == 401)
    return Status::terminal("Unauthorized: the kubeconfig's credentials were refused by " + server)
        .with_code(Status::Code::kUnauthenticated);
  std::string msg = api_error_message(r);
  if (r.status == 403) return Status::terminal("Forbidden: " + msg).with_code(Status::Code::kForbidden);
  return is_transient_status(r.status) ? Status::transient(msg) : Status::terminal(msg);
}

Result<std::unique_ptr<Client>> Client::connect(const ClientConfig& config, ClientOptions options) {
  TlsCredentials tls{config.ca_pem, config.client_cert_pem, config.client_key_pem, config.insecure_skip_tls_verify};
  auto transport = std::make_unique<CurlTransport>(config.server, tls, options.connect_timeout);
  return std::make_unique<Client>(config, std::move(transport), options);
}

Client::Client(ClientConfig config, std::unique_ptr<Transport> transport, ClientOptions options)
    : config_(std::move(config)),
      transport_(std::move(transport)),
      options_(options),
      clock_(options.clock ? *options.clock : system_clock_),
      limiter_(options.qps, options.burst, clock_),
      backoff_(options.retry) {}

Status Client::authorize(HttpRequest& req) {
  std::string token = config_.token;
  if (token.empty() && !config_.token_file.empty()) {
    // Re-read every time: projected service-account tokens are rotated in place.
    std::ifstream in(config_.token_file);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) return Status::terminal("cannot read the token file " + config_.token_file);
    token = ss.str();
    token.erase(token.find_last_not_of(" \r\n\t") + 1);
  }
  if (token.empty() && config_.exec) {
    std::lock_guard lock(mu_);
    bool expired = exec_ && exec_->expires && *exec_->expires <= std::chrono::system_clock::now() + std::chrono::seconds(10);
    if (!exec_ || expired) {
      auto cred = run_exec_plugin(*config_.exec, config_);
      if (!cred) return cred.status();
      exec_ = *cred;
      if (!exec_->client_cert_pem.empty())
        if (auto* curl = dynamic_cast<CurlTransport*>(transport_.get()))
          curl->set_client_certificate(exec_->client_cert_pem, exec_->client_key_pem);
    }
    token = exec_->token;
  }
  if (!token.empty()) req.headers["Authorization"] = "Bearer " + token;
  return Status::ok();
}

Result<HttpResponse> Client::request(HttpRequest req, bool idempotent) {
  req.headers["User-Agent"] = options_.user_agent;
  if (!req.headers.count("Accept")) req.headers["Accept"] = "application/json";
  // A watch streams for as long as it is wanted; everything else has the request's budget.
  bool bounded = req.timeout.count() != 0 && options_.request_timeout.count() > 0;
  const auto started = clock_.now();
  const auto deadline = started + options_.request_timeout;
  for (int attempt = 1;; ++attempt) {
    {
      std::lock_guard lock(mu_);
      if (unreachable_) return *unreachable_;
    }
    if (Status st = authorize(req); !st) return st;
    limiter_.acquire();
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_.now());
    if (bounded) req.timeout = std::max(left, std::chrono::milliseconds(1));
    Result<HttpResponse> r = transport_->send(req);
    if (r && r->status == 401 && config_.exec && attempt == 1) {
      std::lock_guard lock(mu_);
      exec_.reset();  // a rejected plugin credential is fetched again, once
      continue;
    }
    Verdict v;
    {
      std::lock_guard lock(mu_);
      v = backoff_.judge(r, idempotent, attempt);
      if (r) announced_ = 0;  // the server answered: the outage, if any, is over
    }
    left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_.now());
    if (v.outcome == Outcome::kRetry && bounded && v.wait >= left) v.outcome = r ? Outcome::kDone : Outcome::kFail;
    // A server that cannot be reached is given up on sooner than one that answers slowly.
    if (v.outcome == Outcome::kRetry && bounded && !r &&
        clock_.now() + v.wait - started >= std::min(options_.unreachable_timeout, options_.request_timeout))
      v.outcome = Outcome::kFail;
    if (v.outcome == Outcome::kRetry) {
      if (!r && options_.on_retry) {
        bool announce = false;
        {
          std::lock_guard lock(mu_);
          announce = attempt + 1 > announced_;
          if (announce) announced_ = attempt + 1;
        }
        if (announce) options_.on_retry({attempt + 1, backoff_.policy().max_attempts, r.status().message()});
      }
      clock_.sleep_for(v.wait);
      continue;
    }
    if (r) return r;
    Status failed = r.status();
    if (attempt > 1) {
      long spent = std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - started).count();
      std::string message = failed.message() + " (" + std::to_string(attempt) + " attempts in " + std::to_string(spent) + " s)";
      failed = (failed.is_transient() ? Status::transient(message) : Status::terminal(message)).with_code(failed.code());
    }
    // An idempotent request that gives up on a failed connection has spent its retries or its budget.
    if (failed.code() == Status::Code::kUnavailable && bounded && idempotent) {
      std::lock_guard lock(mu_);
      unreachable_ = failed;
    }
    return failed;
  }
}

Result<json> Client::json_call(HttpRequest req, bool idempotent) {
  auto r = request(std::move(req), idempotent);
  if (!r) return r.status();
  if (r->status >= 200 && r->status < 300) {
    json body = json::parse(r->body, nullptr, false);
    if (body.is_discarded()) return Status::terminal("the server's answer is not JSON");
    return body;
  }
  return api_error(*r, config_.server);
}

Status Client::refresh_discovery() {
  RestMapper fresh;
  for (const char* root : {"/api", "/apis"}) {
    HttpRequest req;
    req.path = root;
    req.headers["Accept"] = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
    // Without discovery nothing can be asked of the server: its failures are failures to talk to it.
    auto failed = [&](const Status& why) {
      Status s = Status::terminal("the server's discovery failed (" + std::string(root) + "): " + why.message());
      return why.code() == Status::Code::kOther ? s.with_code(Status::Code::kUnavailable) : why;
    };
    auto r = request(req, true);
    if (!r) return r.status();
    if (r->status != 200) return failed(api_error(*r, config_.server));
    json doc = json::parse(r->body, nullptr, false);
    if (doc.is_discarded()) return failed(Status::terminal("the answer is not JSON"));
    k8s::JsonView answer(doc);
    if (answer["kind"].str() == "APIGroupDiscoveryList") {
      fresh.add_aggregated(doc);
      continue;
    }
    // A server without aggregated discovery: one request per group-version.
    std::vector<std::string> gvs;
    if (answer["kind"].str() == "APIVersions") {
      for (const std::string& v : answer["versions"].strings()) gvs.push_back("/api/" + v);
    } else {
      for (k8s::JsonView g : answer["groups"].items())
        for (k8s::JsonView v : g["versions"].items()) gvs.push_back("/apis/" + v["groupVersion"].str());
    }
    for (const std::string& gv : gvs) {
      HttpRequest l;
      l.path = gv;
      auto lr = json_call(l, true);
      if (!lr) return failed(lr.status());
      fresh.add_resource_list(*lr);
    }
  }
  std::lock_guard lock(mu_);
  mapper_ = std::move(fresh);
  return Status::ok();
}

Result<bool> Client::serves(const std::string& api_version, const std::string& kind) {
  for (int pass = 0; pass < 2; ++pass) {
    {
      std::lock_guard lock(mu_);
      if (mapper_.find(api_version, kind)) return true;
      if (pass == 1) break;
    }
    if (Status st = refresh_discovery(); !st) return st;
  }
  return false;
}

Result<Mapping> Client::mapping(const std::string& api_version, const std::string& kind) {
  auto served = serves(api_version, kind);
  if (!served) return served.status();
  if (!*served)
    return Status::terminal("the server does not serve kind " + kind + " in " + api_version +
                            " (is its CustomResourceDefinition installed?)");
  std::lock_guard lock(mu_);
  return *mapper_.find(api_version, kind);
}

Result<std::string> Client::path_for(const std::string& api_version, const std::string& kind, const std::string& ns,
                                     const std::string& name) {
  auto m = mapping(api_version, kind);
  if (!m) return m.status();
  std::string path = m->prefix();
  if (m->namespaced && ns != "*") path += "/namespaces/" + escape(ns.empty() ? config_.namespace_name : ns);
  path += "/" + m->resource;
  if (!name.empty()) path += "/" + escape(name);
  return path;
}

}  // namespace bg::kube
