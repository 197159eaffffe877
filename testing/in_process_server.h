// The Kubernetes API test server in-process, for tests of code that takes an apply::Cluster.
//
// There is one simulator of Kubernetes in the tests: this is the test server's own Service (store,
// Api, injected faults; testing/testserver/service.h) and Simulator, reached by the product's own
// client (apply::KubeCluster over kube::Client) through a transport that hands each request to the
// Service instead of a socket. The controllers act at once, within the write that wakes them, so
// a test on a fake clock never waits for them; the clients' retries and rate limit run on a clock
// that never sleeps.
//
// What a test needs besides the API reaches the store directly: seed() puts an object in as
// another tool and the controllers left it, find()/all()/size() read what is there, revision()
// moves with every change (equal revisions: nothing was written). Faults are the server's: service().faults() (429 and
// 5xx answers, dropped connections, a server that dies after N writes), service().api().forbid()
// (403 on a resource), and connect_with_token() for credentials the server refuses (401). A kind
// the server does not serve is one with neither a built-in type nor an Established CRD.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apply/cluster.h"
#include "testing/fake_clock.h"
#include "testing/testserver/service.h"
#include "testing/testserver/simulator.h"

namespace bg::testing {

class InProcessServer {
 public:
  InProcessServer();
  ~InProcessServer();
  InProcessServer(const InProcessServer&) = delete;
  InProcessServer& operator=(const InProcessServer&) = delete;

  // A new connection, as each command makes one: its own discovery cache and retry state.
  std::unique_ptr<apply::Cluster> connect();
  // The same with a bearer token of our choosing (one the server refuses: 401).
  std::unique_ptr<apply::Cluster> connect_with_token(const std::string& token);
  // The server's name in messages ("… refused by https://testserver.in-process").
  static constexpr const char* kServer = "https://testserver.in-process";

  // Stores the object as given (a uid and creationTimestamp added when missing; no admission, no
  // fault, no controller acting on it): a state as another tool and the controllers left it.
  // Returns it as stored.
  nlohmann::json seed(nlohmann::json object);
  // The object of this kind (any group), namespace ("" when cluster-scoped) and name; null if none.
  nlohmann::json find(const std::string& kind, const std::string& ns, const std::string& name);
  std::vector<nlohmann::json> all();  // every object, the server's own namespaces included
  std::size_t size();
  int64_t revision();

  testserver::Service& service() { return service_; }

 private:
  FakeClock clock_;
  testserver::Service service_;
  std::unique_ptr<testserver::Simulator> simulator_;
};

}  // namespace bg::testing
