// HTTP to the API server: one request in, one response (or a stream of body chunks) out.
//
// Transport is the seam between the client and the network, so retry, rate-limit and watch logic
// can be tested against a fake. CurlTransport is the real one: libcurl with HTTP/2 offered through
// ALPN (HTTP/1.1 when the server declines), TLS from the ClientConfig's PEMs held in memory, and a
// pool of easy handles so connections are reused across requests. A failure to talk at all is a
// Status that names the server and the cause: "cannot reach https://h:6443: connection refused"
// (transient, code kUnavailable, for refused, reset, cut or timed-out connections), "the server's
// certificate is not trusted by the kubeconfig's CA" (terminal, kUntrusted), terminal for URL
// problems; any HTTP answer, error codes included, is a response.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "kube/kubeconfig.h"

namespace bg::kube {

struct HttpRequest {
  std::string method = "GET";
  std::string path;  // "/api/v1/namespaces/x/pods?limit=5" (already escaped)
  std::map<std::string, std::string> headers;
  std::string body;
  std::chrono::milliseconds timeout{30000};  // 0: none (watches)
  // When set, 2xx body bytes go here as they arrive (watches); returning false ends the request.
  std::function<bool(std::string_view)> on_data;
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string http_version;  // "2" or "1.1"
};

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

struct TlsCredentials {
  std::string ca_pem;
  std::string client_cert_pem;
  std::string client_key_pem;
  bool insecure_skip_tls_verify = false;
};

class CurlTransport : public Transport {
 public:
  CurlTransport(std::string server, TlsCredentials tls, std::chrono::milliseconds connect_timeout);
  ~CurlTransport() override;
  Result<HttpResponse> send(const HttpRequest& request) override;
  // Exec plugins may hand out new client certificates; later requests use them.
  void set_client_certificate(std::string cert_pem, std::string key_pem);

 private:
  void* take_handle();
  void give_back(void* handle);

  std::string server_;
  std::chrono::milliseconds connect_timeout_;
  std::mutex mu_;
  TlsCredentials tls_;
  std::vector<void*> idle_;  // CURL* handles, each keeping its connections
};

}  // namespace bg::kube
