#include "kube/transport.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <cstring>

#include <curl/curl.h>

#include <algorithm>

namespace bg::kube {
namespace {

struct Call {
  const HttpRequest* request;
  HttpResponse* response;
  bool aborted_by_caller = false;
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* call = static_cast<Call*>(user);
  std::string line(data, size * n);
  if (line.rfind("HTTP/", 0) == 0) call->response->headers.clear();  // a new response (after 100, redirects)
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    value.erase(value.find_last_not_of("\r\n \t") + 1);
    call->response->headers[name] = value;
  }
  return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* call = static_cast<Call*>(user);
  call->response->body.append(data, size * n);
  return size * n;
}

size_t on_stream(char* data, size_t size, size_t n, void* user) {
  auto* call = static_cast<Call*>(user);
  // Only a successful answer is streamed; an error answer is collected whole for its Status.
  if (call->response->status >= 200 && call->response->status < 300) {
    if (!call->request->on_data(std::string_view(data, size * n))) {
      call->aborted_by_caller = true;
      return 0;
    }
    return size * n;
  }
  call->response->body.append(data, size * n);
  return size * n;
}

bool transient_curl_error(CURLcode c) {
  switch (c) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR:  // a connection cut during the handshake looks like this too
      return true;
    default:
      return false;
  }
}

// What a user reads when the server could not be talked to at all: the cause in words, about the
// server (not one request's path), with its code so callers tell it from the API's own answers.
Status connection_failure(CURLcode rc, long os_errno, const std::string& server, const std::string& detail,
                          const std::string& request) {
  std::string cause;
  switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
      return Status::terminal("the server's certificate is not trusted by the kubeconfig's CA (" + server + ": " +
                              detail + ")")
          .with_code(Status::Code::kUntrusted);
    case CURLE_COULDNT_CONNECT:
      cause = os_errno != 0 ? std::strerror(static_cast<int>(os_errno)) : "cannot connect";
      break;
    case CURLE_OPERATION_TIMEDOUT:
      cause = "no answer in time";
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
      cause = "its host name does not resolve";
      break;
    default:
      if (!transient_curl_error(rc)) return Status::terminal(request + ": " + detail);
      cause = "the connection was cut (" + detail + ")";
  }
  if (!cause.empty()) cause[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(cause[0])));
  return Status::transient("cannot reach " + server + ": " + cause).with_code(Status::Code::kUnavailable);
}

curl_blob blob(const std::string& s) {
  return curl_blob{const_cast<char*>(s.data()), s.size(), CURL_BLOB_COPY};
}

}  // namespace

CurlTransport::CurlTransport(std::string server, TlsCredentials tls, std::chrono::milliseconds connect_timeout)
    : server_(std::move(server)), connect_timeout_(connect_timeout), tls_(std::move(tls)) {
  static const bool initialized = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
  (void)initialized;
  while (!server_.empty() && server_.back() == '/') server_.pop_back();
}

CurlTransport::~CurlTransport() {
  for (void* h : idle_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void CurlTransport::set_client_certificate(std::string cert_pem, std::string key_pem) {
  std::lock_guard lock(mu_);
  if (tls_.client_cert_pem == cert_pem && tls_.client_key_pem == key_pem) return;
  tls_.client_cert_pem = std::move(cert_pem);
  tls_.client_key_pem = std::move(key_pem);
  for (void* h : idle_) curl_easy_cleanup(static_cast<CURL*>(h));  // connections made with the old identity
  idle_.clear();
}

void* CurlTransport::take_handle() {
  std::lock_guard lock(mu_);
  if (!idle_.empty()) {
    void* h = idle_.back();
    idle_.pop_back();
    return h;
  }
  CURL* h = curl_easy_init();
  if (!h) return nullptr;
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  // gzip only, as client-go asks: the API server compresses with nothing else, and offering
  // every encoding libcurl knows lets a server pick brotli, which costs it far more CPU.
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_timeout_.count()));
  if (!tls_.ca_pem.empty()) {
    curl_blob ca = blob(tls_.ca_pem);
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
  }
  if (tls_.insecure_skip_tls_verify) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!tls_.client_cert_pem.empty()) {
    curl_blob cert = blob(tls_.client_cert_pem), key = blob(tls_.client_key_pem);
    curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
    curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
  }
  return h;
}

void CurlTransport::give_back(void* handle) {
  std::lock_guard lock(mu_);
  idle_.push_back(handle);
}

Result<HttpResponse> CurlTransport::send(const HttpRequest& request) {
  CURL* h = static_cast<CURL*>(take_handle());
  if (!h) return Status::terminal("cannot create an HTTP handle");
  HttpResponse response;
  Call call{&request, &response};
  std::string url = server_ + request.path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  curl_easy_setopt(h, CURLOPT_NOBODY, request.method == "HEAD" ? 1L : 0L);
  if (request.method == "GET") curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_slist* headers = nullptr;
  for (const auto& [k, v] : request.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
  headers = curl_slist_append(headers, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &call);
  // The status must be known before body bytes arrive, to decide whether to stream them.
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, request.on_data ? on_stream : on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &call);
  // Headers are parsed before the body, so record the status as soon as the header block ends.
  struct StatusPeek {
    static size_t header(char* data, size_t size, size_t n, void* user) {
      auto* call = static_cast<Call*>(user);
      std::string line(data, size * n);
      if (line.rfind("HTTP/", 0) == 0) {
        auto sp = line.find(' ');
        call->response->status = sp == std::string::npos ? 0 : std::atoi(line.c_str() + sp + 1);
        call->response->http_version = line.substr(5, sp - 5);
      }
      return on_header(data, size, n, user);
    }
  };
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, StatusPeek::header);
  char error_text[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
  auto started = std::chrono::steady_clock::now();
  CURLcode rc = curl_easy_perform(h);
  // BETELGEUSE_HTTP_TRACE=1: one line per request on stderr, like kubectl -v=6 (paths only, no bodies).
  static const bool trace = std::getenv("BETELGEUSE_HTTP_TRACE") != nullptr;
  if (trace) {
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "%s %s %ld in %lld ms\n", request.method.c_str(), url.c_str(), code, static_cast<long long>(ms));
  }
  curl_slist_free_all(headers);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);  // error_text ends with this call
  if (rc != CURLE_OK) {
    long os_errno = 0;
    curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
    std::string detail = error_text[0] ? error_text : curl_easy_strerror(rc);
    curl_easy_cleanup(h);  // a failed connection is not worth keeping
    if (call.aborted_by_caller) return response;
    return connection_failure(rc, os_errno, server_, detail, request.method + " " + url);
  }
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  response.status = static_cast<int>(code);
  give_back(h);
  return response;
}

}  // namespace bg::kube
