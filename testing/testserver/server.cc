#include "testing/testserver/server.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <fstream>
#include <thread>

#include "common/base64.h"
#include "testing/testserver/service.h"

namespace bg::testserver {

namespace {

X509* read_cert(const std::string& pem) {
  BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* c = b ? PEM_read_bio_X509(b, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(b);
  return c;
}

EVP_PKEY* read_key(const std::string& pem) {
  BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* k = b ? PEM_read_bio_PrivateKey(b, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(b);
  return k;
}

// The CN of a verified client certificate, or "".
std::string peer_user(const SSL* ssl) {
  if (!ssl) return "";
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) return "";
  char cn[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  bool verified = SSL_get_verify_result(ssl) == X509_V_OK;
  X509_free(cert);
  return verified ? cn : "";
}

}  // namespace

struct TestServer::Impl {
  ServerOptions options;
  Pki pki;
  std::unique_ptr<Service> service;  // made once the port is known (discovery names the address)
  std::unique_ptr<httplib::SSLServer> http;
  std::thread thread;
  int port = 0;
  bool stopped = false;

  void serve(const httplib::Request& hreq, httplib::Response& hres);
};

void TestServer::Impl::serve(const httplib::Request& hreq, httplib::Response& hres) {
  auto send = [&](const Response& r) {
    hres.status = r.status;
    for (const auto& [k, v] : r.headers) hres.set_header(k, v);
    if (r.stream) {
      auto stream = r.stream;
      auto max = service->faults().get().watch_max_duration;
      hres.set_chunked_content_provider(
          "application/json;stream=watch", [stream, max](std::size_t, httplib::DataSink& sink) {
            auto start = std::chrono::steady_clock::now();
            stream([&](const std::string& chunk) {
              if (max.count() > 0 && std::chrono::steady_clock::now() - start > max) return false;
              if (chunk.empty()) return sink.is_writable();
              return sink.write(chunk.data(), chunk.size());
            });
            sink.done();
            return true;
          });
    } else {
      hres.set_content(r.body, r.content_type);
    }
  };
  Request req;
  req.method = hreq.method;
  req.path = hreq.path;
  for (const auto& [k, v] : hreq.params) req.query[k] = v;
  for (const auto& [k, v] : hreq.headers) {
    std::string lower = k;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    req.headers[lower] = v;
  }
  req.body = hreq.body;
  req.user = peer_user(hreq.ssl);
  std::optional<Response> answer = service->serve(std::move(req));
  if (!answer) {  // a dropped connection
    if (hreq.ssl) shutdown(SSL_get_fd(hreq.ssl), SHUT_RDWR);
    return;
  }
  send(*answer);
}

TestServer::TestServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

TestServer::~TestServer() { stop(); }

Result<std::unique_ptr<TestServer>> TestServer::start(ServerOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto pki = make_pki();
  if (!pki) return pki.status();
  impl->pki = *pki;
  Impl* raw = impl.get();
  impl->http = std::make_unique<httplib::SSLServer>([raw](SSL_CTX& ctx) {
    X509* cert = read_cert(raw->pki.server.cert_pem);
    EVP_PKEY* key = read_key(raw->pki.server.key_pem);
    X509* ca = read_cert(raw->pki.ca.cert_pem);
    bool ok = cert && key && ca && SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) == 1 &&
              SSL_CTX_use_certificate(&ctx, cert) == 1 && SSL_CTX_use_PrivateKey(&ctx, key) == 1 &&
              X509_STORE_add_cert(SSL_CTX_get_cert_store(&ctx), ca) == 1 && SSL_CTX_add_client_CA(&ctx, ca) == 1;
    // Ask for a client certificate but do not require one: token users have none.
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
    // With peer verification on, OpenSSL refuses to resume a session (and fails the handshake)
    // unless a session id context is set; clients such as libcurl resume sessions.
    static const unsigned char kSessionContext[] = "kube-testserver";
    ok = ok && SSL_CTX_set_session_id_context(&ctx, kSessionContext, sizeof kSessionContext - 1) == 1;
    X509_free(cert);
    EVP_PKEY_free(key);
    X509_free(ca);
    return ok;
  });
  if (!impl->http->is_valid()) return Status::terminal("the test server's TLS setup failed");
  // Watches hold a worker each for their whole life; a generous pool keeps requests flowing.
  impl->http->new_task_queue = [] { return new httplib::ThreadPool(64); };
  impl->http->set_keep_alive_timeout(30);
  // Go's net/http (the real API server) sets TCP_NODELAY on every connection; without it a response
  // written in two parts waits ~40 ms for the client's delayed ACK, and every client looks slow.
  // (Accepted sockets inherit the option from the listening one.)
  impl->http->set_tcp_nodelay(true);
  // cpp-httplib closes a connection after 5 requests by default; Go's server keeps it for as long as
  // the client likes, and clients (kubectl, ours) are built around reusing it.
  impl->http->set_keep_alive_max_count(1u << 30);
  impl->http->set_read_timeout(60);
  auto handler = [raw](const httplib::Request& req, httplib::Response& res) { raw->serve(req, res); };
  impl->http->Get(".*", handler);
  impl->http->Post(".*", handler);
  impl->http->Put(".*", handler);
  impl->http->Patch(".*", handler);
  impl->http->Delete(".*", handler);
  if (options.port == 0) {
    impl->port = impl->http->bind_to_any_port(options.host);
  } else {
    impl->port = impl->http->bind_to_port(options.host, options.port) ? options.port : -1;
  }
  if (impl->port <= 0) return Status::terminal("cannot listen on " + options.host + ":" + std::to_string(options.port));
  options.api.server_address = options.host + ":" + std::to_string(impl->port);
  impl->service = std::make_unique<Service>(options.api, options.faults);
  impl->thread = std::thread([raw] { raw->http->listen_after_bind(); });
  for (int i = 0; i < 500 && !impl->http->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return std::unique_ptr<TestServer>(new TestServer(std::move(impl)));
}

void TestServer::stop() {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  {
    std::lock_guard lock(impl_->service->store().mu);
    impl_->service->store().stopping = true;
  }
  impl_->service->store().changed.notify_all();
  impl_->http->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int TestServer::port() const { return impl_->port; }
std::string TestServer::url() const { return "https://" + impl_->options.host + ":" + std::to_string(impl_->port); }
const Pki& TestServer::pki() const { return impl_->pki; }
const std::string& TestServer::token() const { return impl_->service->token(); }
Store& TestServer::store() { return impl_->service->store(); }
FaultInjector& TestServer::faults() { return impl_->service->faults(); }
void TestServer::forbid(std::set<std::string> resources) { impl_->service->api().forbid(std::move(resources)); }

std::string TestServer::kubeconfig() const {
  return "apiVersion: v1\n"
         "kind: Config\n"
         "clusters:\n"
         "- name: testserver\n"
         "  cluster:\n"
         "    server: " + url() + "\n"
         "    certificate-authority-data: " + base64_encode(impl_->pki.ca.cert_pem) + "\n"
         "users:\n"
         "- name: admin\n"
         "  user:\n"
         "    client-certificate-data: " + base64_encode(impl_->pki.admin.cert_pem) + "\n"
         "    client-key-data: " + base64_encode(impl_->pki.admin.key_pem) + "\n"
         "- name: token-user\n"
         "  user:\n"
         "    token: " + impl_->service->token() + "\n"
         "contexts:\n"
         "- name: testserver\n"
         "  context:\n"
         "    cluster: testserver\n"
         "    user: admin\n"
         "    namespace: default\n"
         "- name: testserver-token\n"
         "  context:\n"
         "    cluster: testserver\n"
         "    user: token-user\n"
         "current-context: testserver\n";
}

Status TestServer::write_kubeconfig(const std::string& path) const {
  // Written to a temporary name and renamed, so a reader never sees half a file.
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << kubeconfig();
    if (!out) return Status::terminal("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::terminal("cannot rename " + tmp + " to " + path);
  return Status::ok();
}

}  // namespace bg::testserver
