// The Kubernetes API test server: its Service (service.h: authentication, injected faults, the Api)
// served over HTTPS on loopback with its own CA, and a kubeconfig that kubectl and our client can
// use as they would a real cluster's.
//
// start() returns once the socket is bound and serving. A client certificate signed by the
// server's CA names the user (its CN); the Service accepts that or the bearer token and answers
// anyone else 401. Faults are injected at that edge, so the API below stays deterministic. The
// HTTP library stays out of this header (it is large).
#pragma once

#include <memory>
#include <set>
#include <string>

#include "common/result.h"
#include "testing/testserver/api.h"
#include "testing/testserver/faults.h"
#include "testing/testserver/pki.h"
#include "testing/testserver/store.h"

namespace bg::testserver {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  ApiOptions api;
  Faults faults;
};

class TestServer {
 public:
  static Result<std::unique_ptr<TestServer>> start(ServerOptions options);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const;
  std::string url() const;  // https://127.0.0.1:PORT
  const Pki& pki() const;
  const std::string& token() const;  // the bearer token the server accepts
  Store& store();
  FaultInjector& faults();
  // Every request on these resources ("secrets", "deployments.apps") is answered 403 from now on.
  void forbid(std::set<std::string> resources);

  // A kubeconfig (YAML) with contexts "testserver" (admin client certificate, the current one) and
  // "testserver-token" (bearer token), everything inlined as -data fields.
  std::string kubeconfig() const;
  Status write_kubeconfig(const std::string& path) const;

  void stop();  // ends watches and closes the listener; the destructor calls it

 private:
  struct Impl;
  explicit TestServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bg::testserver
