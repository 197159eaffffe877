#include "kube/client.h"

#include <fstream>
#include <sstream>

#include "common/percent_encode.h"

namespace bg::kube {

using nlohmann::json;

std::string escape(const std::string& s) { return percent_encode(s); }

std::string api_error_message(const HttpResponse& r) {
  json s = json::parse(r.body, nullptr, false);
  if (s.is_object() && s.value("kind", "") == "Status" && !s.value("message", "").empty()) return s["message"];
  return "the server answered " + std::to_string(r.status) + (r.body.empty() ? "" : ": " + r.body.substr(0, 200));
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
  if (req.timeout.count() != 0) req.timeout = options_.timeout;
  for (int attempt = 1;; ++attempt) {
    if (Status st = authorize(req); !st) return st;
    limiter_.acquire();
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
    }
    if (v.outcome == Outcome::kRetry) {
      clock_.sleep_for(v.wait);
      continue;
    }
    if (!r) return r.status();
    return r;
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
  std::string msg = api_error_message(*r);
  return is_transient_status(r->status) ? Status::transient(msg) : Status::terminal(msg);
}

Status Client::refresh_discovery() {
  RestMapper fresh;
  for (const char* root : {"/api", "/apis"}) {
    HttpRequest req;
    req.path = root;
    req.headers["Accept"] = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
    auto r = request(req, true);
    if (!r) return r.status();
    if (r->status != 200) return Status::terminal("discovery " + std::string(root) + ": " + api_error_message(*r));
    json doc = json::parse(r->body, nullptr, false);
    if (doc.is_discarded()) return Status::terminal("discovery " + std::string(root) + " is not JSON");
    if (doc.value("kind", "") == "APIGroupDiscoveryList") {
      fresh.add_aggregated(doc);
      continue;
    }
    // A server without aggregated discovery: one request per group-version.
    std::vector<std::string> gvs;
    if (doc.value("kind", "") == "APIVersions") {
      for (const json& v : doc.value("versions", json::array())) gvs.push_back("/api/" + v.get<std::string>());
    } else {
      for (const json& g : doc.value("groups", json::array()))
        for (const json& v : g.value("versions", json::array())) gvs.push_back("/apis/" + v.value("groupVersion", ""));
    }
    for (const std::string& gv : gvs) {
      HttpRequest l;
      l.path = gv;
      auto lr = json_call(l, true);
      if (!lr) return lr.status();
      fresh.add_resource_list(*lr);
    }
  }
  std::lock_guard lock(mu_);
  mapper_ = std::move(fresh);
  return Status::ok();
}

Result<Mapping> Client::mapping(const std::string& api_version, const std::string& kind) {
  for (int pass = 0; pass < 2; ++pass) {
    {
      std::lock_guard lock(mu_);
      if (auto m = mapper_.find(api_version, kind)) return *m;
      if (pass == 1) break;
    }
    if (Status st = refresh_discovery(); !st) return st;
  }
  return Status::terminal("the server does not serve kind " + kind + " in " + api_version +
                          " (is its CustomResourceDefinition installed?)");
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
