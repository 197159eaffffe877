#include "testing/in_process_server.h"

#include <algorithm>
#include <cctype>

#include <gtest/gtest.h>

#include "apply/kube_cluster.h"
#include "kube/client.h"

namespace bg::testing {

namespace {

using nlohmann::json;

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Hands each request to the Service, as the HTTPS server does with what arrives on its socket.
class InProcessTransport : public kube::Transport {
 public:
  explicit InProcessTransport(testserver::Service& service) : service_(service) {}

  Result<kube::HttpResponse> send(const kube::HttpRequest& http) override {
    testserver::Request req;
    req.method = http.method;
    std::string_view path = http.path;
    std::size_t q = path.find('?');
    req.path = percent_decode(path.substr(0, q));
    if (q != std::string_view::npos) {
      std::string_view query = path.substr(q + 1);
      while (!query.empty()) {
        std::string_view pair = query.substr(0, query.find('&'));
        query.remove_prefix(std::min(query.size(), pair.size() + 1));
        std::size_t eq = pair.find('=');
        req.query[percent_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
      }
    }
    for (const auto& [k, v] : http.headers) {
      std::string lower = k;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      req.headers[lower] = v;
    }
    req.body = http.body;
    std::optional<testserver::Response> answer = service_.serve(std::move(req));
    if (!answer)
      return Status::transient(std::string("cannot reach ") + InProcessServer::kServer + ": the connection was dropped")
          .with_code(Status::Code::kUnavailable);
    kube::HttpResponse out;
    out.status = answer->status;
    out.http_version = "1.1";
    for (const auto& [k, v] : answer->headers) {
      std::string lower = k;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      out.headers[lower] = v;
    }
    out.headers["content-type"] = answer->content_type;
    if (answer->stream) {  // a watch: its lines go where the client wants them, until it has enough
      answer->stream([&](const std::string& chunk) {
        if (chunk.empty()) return true;  // "are you still there?"
        if (http.on_data) return http.on_data(chunk);
        out.body += chunk;
        return true;
      });
    } else {
      out.body = std::move(answer->body);
    }
    return out;
  }

 private:
  testserver::Service& service_;
};

}  // namespace

InProcessServer::InProcessServer() : service_(testserver::ApiOptions{}, testserver::Faults{}) {
  testserver::SimulatorOptions sim;
  sim.at_once = true;
  simulator_ = std::make_unique<testserver::Simulator>(service_.store(), sim);
}

InProcessServer::~InProcessServer() {
  if (simulator_) simulator_->stop();
}

std::unique_ptr<apply::Cluster> InProcessServer::connect() { return connect_with_token(service_.token()); }

std::unique_ptr<apply::Cluster> InProcessServer::connect_with_token(const std::string& token) {
  kube::ClientConfig config;
  config.server = kServer;
  config.token = token;
  kube::ClientOptions options;
  options.clock = &clock_;
  options.qps = 1e9;  // the rate limit is the client's own business, tested in src/kube
  options.burst = 1 << 30;
  return std::make_unique<apply::KubeCluster>(
      std::make_unique<kube::Client>(config, std::make_unique<InProcessTransport>(service_), options));
}

json InProcessServer::seed(json object) {
  testserver::Store& store = service_.store();
  std::lock_guard lock(store.mu);
  const testserver::ResourceType* type =
      store.registry.find_kind(object.value("apiVersion", ""), object.value("kind", ""));
  if (!type) {
    ADD_FAILURE() << "the test server does not serve " << object.value("apiVersion", "") << " "
                  << object.value("kind", "");
    return nullptr;
  }
  json& meta = object["metadata"];
  if (!meta.contains("uid")) meta["uid"] = testserver::new_uid();
  if (!meta.contains("creationTimestamp")) meta["creationTimestamp"] = store.timestamp();
  return store.seed_locked(*type, std::move(object));
}

json InProcessServer::find(const std::string& kind, const std::string& ns, const std::string& name) {
  testserver::Store& store = service_.store();
  std::lock_guard lock(store.mu);
  for (const testserver::ResourceType& t : store.registry.all())
    if (t.kind == kind)
      if (const json* o = store.get_locked(t, ns, name)) return *o;
  return nullptr;
}

std::vector<json> InProcessServer::all() {
  testserver::Store& store = service_.store();
  std::lock_guard lock(store.mu);
  std::vector<json> out;
  for (const json* o : store.all_locked()) out.push_back(*o);
  return out;
}

std::size_t InProcessServer::size() { return all().size(); }

int64_t InProcessServer::revision() {
  testserver::Store& store = service_.store();
  std::lock_guard lock(store.mu);
  return store.resource_version_locked();
}

}  // namespace bg::testing
