// The network a contract test's pods share: a network namespace of its own (inside a user
// namespace, so no privilege is needed), with only a loopback interface. Pod IPs and Service
// ClusterIPs are addresses of that loopback, so a program listens on its real port and reaches its
// dependencies by the names and addresses Kubernetes would give them, without colliding with
// anything else on the machine — and nothing sent in it can leave the machine: it has no route
// but loopback.
//
// The test reaches into it without entering it: sockets are made inside by a short-lived child
// that joins the namespaces and hands the socket back (a socket stays in the namespace it was made
// in, whoever uses it), so the test's own HTTP client and TCP connects run there. A Forwarder
// carries connections to an address inside to a server outside (the real control plane's API
// server at the `kubernetes` Service's address). Programs run inside through `enter()`
// (nsenter into the holder's namespaces).
//
// All pods of one network share one port space: two pods may not listen on the same port.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "testing/background_process.h"
#include "testing/fixtures.h"

namespace bg::testing {

struct HttpAnswer {
  long status = 0;
  std::string body;
  std::string location;  // the Location header of a redirect that was not followed
  std::vector<std::string> cookies;  // "name=value" of each Set-Cookie header, in order
  long header_bytes = 0;             // the size of the answer's status line and headers
};

// A request other than a plain GET: a method with a body (a form POST), or a redirect to be seen
// rather than followed.
struct HttpRequest {
  std::string method = "GET";
  std::string body;
  std::vector<std::string> headers;
  bool follow_redirects = true;
};

class PodNetwork {
 public:
  // Starts the holder (`unshare --user --map-root-user --net`), brings loopback up.
  static Result<std::unique_ptr<PodNetwork>> create();
  ~PodNetwork();

  Status add_address(const std::string& ip);
  // A Service's ClusterIP: an address like add_address's, but a connection to it comes from
  // kPodClientAddress (its local route's preferred source), where by default the kernel would give
  // it the Service's own address as its source. In a cluster a client of a Service is a pod, and
  // the server sees the pod's address (kube-proxy and Cilium translate the destination only): what
  // PostgreSQL's pg_hba judges a client by. Which pod is not modelled: all pods share one address
  // for this.
  Status add_service_address(const std::string& ip);
  static constexpr const char* kPodClientAddress = "10.244.0.2";  // in the example's podCIDR, 10.244.0.0/16
  // Connections made inside to ip:port go to to_ip:to_port instead (a DNAT rule of nftables in the
  // network's output hook), as kube-proxy maps a Service's port to its pod's targetPort: for a
  // dependency that cannot listen at its Service's port because a pod of the test listens on that
  // port on every address (0.0.0.0), which the shared port space gives it on the Service's address
  // too.
  Status map_port(const std::string& ip, int port, const std::string& to_ip, int to_port);
  // The argv prefix that runs a program inside (its user namespace, as root there, and its network).
  std::vector<std::string> enter() const;

  // A socket of `type` (SOCK_STREAM) made inside.
  Result<int> socket_inside(int type) const;
  // A TCP connection inside to ip:port, within `timeout`.
  Result<int> connect(const std::string& ip, int port, std::chrono::milliseconds timeout) const;
  // A listening TCP socket inside on ip:port.
  Result<int> listen(const std::string& ip, int port) const;
  // GET `url` from inside (libcurl over sockets made inside); TLS certificates are not verified,
  // as the kubelet's HTTPS probes do not verify them.
  Result<HttpAnswer> http_get(const std::string& url, std::chrono::milliseconds timeout,
                              const std::vector<std::string>& headers = {}) const;
  Result<HttpAnswer> http(const std::string& url, const HttpRequest& request, std::chrono::milliseconds timeout) const;

  pid_t holder() const { return holder_.pid(); }

 private:
  PodNetwork() = default;
  TempDir dir_;
  BackgroundProcess holder_;
};

// Accepts connections on a listening socket (made inside a PodNetwork) and joins each to a new
// connection from `dial`, copying bytes both ways until either side closes.
class Forwarder {
 public:
  Forwarder(int listen_fd, std::function<Result<int>()> dial);
  ~Forwarder();
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;

 private:
  void accept_loop();
  int listen_fd_;
  int stop_pipe_[2] = {-1, -1};
  std::function<Result<int>()> dial_;
  std::vector<std::thread> pumps_;
  std::thread acceptor_;
};

// A TCP connection from this process (outside any pod network) to 127.0.0.1:port.
Result<int> connect_loopback(int port);

}  // namespace bg::testing
