// The test server without its socket: what a request meets once it has arrived. Authentication
// first, then the injected faults (faults.h), then the Api (api.h) over the Store.
//
// TestServer (server.h) serves a Service over HTTPS; tests that need no socket hand it requests
// in-process (testing/in_process_cluster.h), so both kinds of test see one store, one simulator
// and one set of faults. A request is the user its verified client certificate names (set by the
// caller) or the bearer token's; anyone else gets a 401 Status, except on the public health and
// version paths. A dropped connection, an injected fault, is no answer at all: nullopt.
#pragma once

#include <optional>
#include <string>

#include "testing/testserver/api.h"
#include "testing/testserver/faults.h"
#include "testing/testserver/store.h"

namespace bg::testserver {

class Service {
 public:
  // Creates the namespaces every cluster has.
  Service(ApiOptions api, Faults faults);
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  std::optional<Response> serve(Request req);

  Store& store() { return store_; }
  Api& api() { return api_; }
  FaultInjector& faults() { return faults_; }
  const std::string& token() const { return token_; }  // the bearer token the server accepts

 private:
  Store store_;
  Api api_;
  FaultInjector faults_;
  std::string token_;
};

}  // namespace bg::testserver
