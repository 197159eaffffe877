#include "testing/pod_network.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "common/process.h"

namespace bg::testing {

namespace {

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

Result<sockaddr_in> inet_address(const std::string& ip, int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, ip.c_str(), &a.sin_addr) != 1) return Status::terminal("not an IPv4 address: " + ip);
  return a;
}

// Connects `fd` to `a` within `timeout`; closes fd on failure.
Result<int> connect_within(int fd, const sockaddr_in& a, std::chrono::milliseconds timeout, const std::string& what) {
  const int flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) {
      close(fd);
      return Status::transient(what + ": timed out after " + std::to_string(timeout.count()) + " ms");
    }
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    errno = err;
    rc = err == 0 ? 0 : -1;
  }
  if (rc != 0) {
    Status s = Status::transient(errno_text(what));
    close(fd);
    return s;
  }
  fcntl(fd, F_SETFL, flags);
  return fd;
}

struct CurlInside {
  const PodNetwork* net;
};

curl_socket_t open_inside(void* clientp, curlsocktype, curl_sockaddr* address) {
  auto* ctx = static_cast<CurlInside*>(clientp);
  if (address->family != AF_INET) return CURL_SOCKET_BAD;
  auto fd = ctx->net->socket_inside(address->socktype);
  return fd ? *fd : CURL_SOCKET_BAD;
}

std::size_t append_body(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// Collects "name=value" of every Set-Cookie header (the attributes after ';' dropped).
std::size_t collect_cookie(char* data, std::size_t size, std::size_t n, void* out) {
  std::string line(data, size * n);
  static const std::string kName = "set-cookie:";
  if (line.size() > kName.size()) {
    std::string head = line.substr(0, kName.size());
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head == kName) {
      std::string cookie = line.substr(kName.size());
      cookie = cookie.substr(0, cookie.find_first_of(";\r\n"));
      cookie.erase(0, cookie.find_first_not_of(' '));
      static_cast<std::vector<std::string>*>(out)->push_back(cookie);
    }
  }
  return size * n;
}

}  // namespace

Result<std::unique_ptr<PodNetwork>> PodNetwork::create() {
  std::unique_ptr<PodNetwork> net(new PodNetwork());
  if (!on_path("unshare") || !on_path("nsenter") || !on_path("ip"))
    return Status::terminal("the pod network needs unshare, nsenter (util-linux) and ip (iproute2): run scripts/setup.sh");
  if (Status s = net->holder_.start({"unshare", "--user", "--map-root-user", "--net", "sleep", "infinity"},
                                    net->dir_ / "holder.log");
      !s)
    return s;
  // The holder has its namespaces, and its uid map written, once unshare has exec'd `sleep`.
  const std::string pid = std::to_string(net->holder_.pid());
  for (int i = 0;; ++i) {
    if (!net->holder_.running())
      return Status::terminal("unshare --user --net failed (" + net->holder_.how_it_ended() + "): " + net->holder_.log());
    if (read_file("/proc/" + pid + "/comm") == "sleep\n") break;
    if (i == 500) return Status::terminal("unshare --user --net did not start sleep within 5 s");
    usleep(10000);
  }
  std::vector<std::string> up = net->enter();
  for (const char* a : {"ip", "link", "set", "lo", "up"}) up.push_back(a);
  auto run = run_process(up);
  if (!run || run->exit_code != 0)
    return Status::terminal("bringing up the pod network's loopback failed: " + (run ? run->err : run.status().message()));
  return net;
}

PodNetwork::~PodNetwork() { holder_.stop(std::chrono::milliseconds(500)); }

std::vector<std::string> PodNetwork::enter() const {
  return {"nsenter", "-t", std::to_string(holder_.pid()), "--user", "--net", "--preserve-credentials", "--"};
}

Status PodNetwork::add_address(const std::string& ip) {
  std::vector<std::string> argv = enter();
  argv.insert(argv.end(), {"ip", "address", "add", ip + "/32", "dev", "lo"});
  auto run = run_process(argv);
  if (!run) return run.status();
  if (run->exit_code != 0 && run->err.find("File exists") == std::string::npos &&
      run->err.find("already assigned") == std::string::npos)
    return Status::terminal("ip address add " + ip + ": " + run->err);
  return Status::ok();
}

Status PodNetwork::add_service_address(const std::string& ip) {
  if (Status s = add_address(kPodClientAddress); !s) return s;
  if (Status s = add_address(ip); !s) return s;
  std::vector<std::string> argv = enter();
  argv.insert(argv.end(), {"ip", "route", "replace", "table", "local", "local", ip, "dev", "lo", "scope", "host", "src",
                           kPodClientAddress});
  auto run = run_process(argv);
  if (!run) return run.status();
  if (run->exit_code != 0) return Status::terminal("ip route replace (" + ip + "'s source): " + run->err);
  return Status::ok();
}

Status PodNetwork::map_port(const std::string& ip, int port, const std::string& to_ip, int to_port) {
  std::vector<std::string> argv = enter();
  argv.insert(argv.end(), {"nft", "add table ip contract; add chain ip contract services { type nat hook output priority -100; }; "
                                  "add rule ip contract services ip daddr " + ip + " tcp dport " + std::to_string(port) +
                                  " dnat to " + to_ip + ":" + std::to_string(to_port)});
  auto run = run_process(argv);
  if (!run) return run.status();
  if (run->exit_code != 0) return Status::terminal("nft (mapping " + ip + ":" + std::to_string(port) + "): " + run->err);
  return Status::ok();
}

Result<int> PodNetwork::socket_inside(int type) const {
  const std::string pid = std::to_string(holder_.pid());
  int user_ns = open(("/proc/" + pid + "/ns/user").c_str(), O_RDONLY | O_CLOEXEC);
  int net_ns = open(("/proc/" + pid + "/ns/net").c_str(), O_RDONLY | O_CLOEXEC);
  int pair[2];
  if (user_ns < 0 || net_ns < 0 || socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair) != 0) {
    Status s = Status::terminal(errno_text("opening the pod network's namespaces"));
    if (user_ns >= 0) close(user_ns);
    if (net_ns >= 0) close(net_ns);
    return s;
  }
  // The child only makes system calls (async-signal-safe after fork in a threaded process): it
  // joins the holder's user namespace (as its owner, which gives it the rights there to join the
  // network namespace), makes the socket and sends it back.
  pid_t child = fork();
  if (child == 0) {
    if (setns(user_ns, CLONE_NEWUSER) != 0 && errno != EINVAL) _exit(2);
    if (setns(net_ns, CLONE_NEWNET) != 0) _exit(3);
    int s = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    if (s < 0) _exit(4);
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cm), &s, sizeof s);
    _exit(sendmsg(pair[1], &msg, 0) == 1 ? 0 : 5);
  }
  close(user_ns);
  close(net_ns);
  close(pair[1]);
  int fd = -1;
  if (child > 0) {
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (recvmsg(pair[0], &msg, MSG_CMSG_CLOEXEC) == 1) {
      cmsghdr* cm = CMSG_FIRSTHDR(&msg);
      if (cm && cm->cmsg_type == SCM_RIGHTS) std::memcpy(&fd, CMSG_DATA(cm), sizeof fd);
    }
    int st = 0;
    waitpid(child, &st, 0);
    if (fd < 0) {
      close(pair[0]);
      return Status::terminal("making a socket in the pod network failed (child " +
                              std::to_string(WIFEXITED(st) ? WEXITSTATUS(st) : -1) + ")");
    }
  }
  close(pair[0]);
  if (child < 0) return Status::terminal(errno_text("fork"));
  return fd;
}

Result<int> PodNetwork::connect(const std::string& ip, int port, std::chrono::milliseconds timeout) const {
  auto a = inet_address(ip, port);
  if (!a) return a.status();
  auto fd = socket_inside(SOCK_STREAM);
  if (!fd) return fd.status();
  return connect_within(*fd, *a, timeout, "connect " + ip + ":" + std::to_string(port));
}

Result<int> PodNetwork::listen(const std::string& ip, int port) const {
  auto a = inet_address(ip, port);
  if (!a) return a.status();
  auto fd = socket_inside(SOCK_STREAM);
  if (!fd) return fd.status();
  int one = 1;
  setsockopt(*fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(*fd, reinterpret_cast<const sockaddr*>(&*a), sizeof *a) != 0 || ::listen(*fd, 64) != 0) {
    Status s = Status::terminal(errno_text("listen " + ip + ":" + std::to_string(port)));
    close(*fd);
    return s;
  }
  return *fd;
}

Result<HttpAnswer> PodNetwork::http_get(const std::string& url, std::chrono::milliseconds timeout,
                                        const std::vector<std::string>& headers) const {
  return http(url, HttpRequest{"GET", "", headers, true}, timeout);
}

Result<HttpAnswer> PodNetwork::http(const std::string& url, const HttpRequest& request, std::chrono::milliseconds timeout) const {
  CURL* curl = curl_easy_init();
  if (!curl) return Status::terminal("curl_easy_init failed");
  CurlInside ctx{this};
  HttpAnswer answer;
  curl_slist* list = nullptr;
  for (const std::string& h : request.headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_inside);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &ctx);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, request.follow_redirects ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
  if (request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty()) {  // a PUT's or PATCH's body, sent as a POST's with the method named
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
    }
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_cookie);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &answer.cookies);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_easy_getinfo(curl, CURLINFO_HEADER_SIZE, &answer.header_bytes);
  char* location = nullptr;
  if (curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location) answer.location = location;
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) return Status::transient(request.method + " " + url + ": " + curl_easy_strerror(rc));
  return answer;
}

Result<int> connect_loopback(int port) {
  auto a = inet_address("127.0.0.1", port);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::terminal(errno_text("socket"));
  return connect_within(fd, *a, std::chrono::seconds(5), "connect 127.0.0.1:" + std::to_string(port));
}

Forwarder::Forwarder(int listen_fd, std::function<Result<int>()> dial) : listen_fd_(listen_fd), dial_(std::move(dial)) {
  if (pipe2(stop_pipe_, O_CLOEXEC) != 0) stop_pipe_[0] = stop_pipe_[1] = -1;
  acceptor_ = std::thread([this] { accept_loop(); });
}

Forwarder::~Forwarder() {
  if (stop_pipe_[1] >= 0) {
    char b = 0;
    (void)!write(stop_pipe_[1], &b, 1);
  }
  acceptor_.join();
  for (std::thread& t : pumps_) t.join();
  close(listen_fd_);
  for (int fd : stop_pipe_)
    if (fd >= 0) close(fd);
}

void Forwarder::accept_loop() {
  for (;;) {
    pollfd p[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(p, 2, -1) < 0 && errno != EINTR) return;
    if (p[1].revents) return;
    if (!(p[0].revents & POLLIN)) continue;
    int in = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (in < 0) continue;
    auto out = dial_();
    if (!out) {
      close(in);
      continue;
    }
    pumps_.emplace_back([in, out = *out, stop = stop_pipe_[0]] {
      char buf[65536];
      bool open[2] = {true, true};
      while (open[0] || open[1]) {
        pollfd fds[3] = {{open[0] ? in : -1, POLLIN, 0}, {open[1] ? out : -1, POLLIN, 0}, {stop, POLLIN, 0}};
        if (poll(fds, 3, -1) < 0 && errno != EINTR) break;
        if (fds[2].revents) break;
        for (int i = 0; i < 2; ++i) {
          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
          const int from = i == 0 ? in : out, to = i == 0 ? out : in;
          ssize_t n = read(from, buf, sizeof buf);
          if (n <= 0) {
            open[i] = false;
            shutdown(to, SHUT_WR);
            continue;
          }
          for (ssize_t done = 0; done < n;) {
            ssize_t w = write(to, buf + done, static_cast<std::size_t>(n - done));
            if (w <= 0) {
              open[0] = open[1] = false;
              break;
            }
            done += w;
          }
        }
      }
      close(in);
      close(out);
    });
  }
}

}  // namespace bg::testing
