// The transport against a real HTTP/2 server: nghttpd (Debian's nghttp2-server) on loopback with
// certificates from our own PKI. The test server speaks only HTTP/1.1, so this is where the client's
// HTTP/2 (ALPN "h2") and its connection reuse are shown. The test fails, never skips, when nghttpd
// is missing: scripts/setup.sh installs it.
#include "kube/transport.h"

#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "testing/fixtures.h"
#include "testing/testserver/pki.h"

extern char** environ;

namespace bg::kube {
namespace {

// A port the kernel just handed out and took back: free unless someone races for it.
int free_port() {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(s, reinterpret_cast<sockaddr*>(&a), len);
  getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  close(s);
  return ntohs(a.sin_port);
}

bool accepts_connections(int port) {
  int s = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  close(s);
  return ok;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(CurlTransport, SpeaksHttp2AndReusesOneConnection) {
  ASSERT_EQ(testing::run_command("command -v nghttpd").exit_code, 0) << "nghttpd (nghttp2-server) must be installed";
  auto pki = testserver::make_pki();
  ASSERT_TRUE(pki) << pki.status().message();
  testing::TempDir dir;
  write(dir / "key.pem", pki->server.key_pem);
  write(dir / "cert.pem", pki->server.cert_pem);
  ASSERT_EQ(mkdir((dir / "htdocs").c_str(), 0755), 0);
  write(dir / "htdocs/version", "{\"major\":\"1\"}");

  const int port = free_port();
  std::vector<std::string> args = {"nghttpd", "-v", "--address=127.0.0.1", "-d", dir / "htdocs",
                                   std::to_string(port), dir / "key.pem", dir / "cert.pem"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  std::string log = dir / "nghttpd.log";
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawnp(&pid, "nghttpd", &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  for (int i = 0; i < 100 && !accepts_connections(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));

  {
    CurlTransport transport("https://127.0.0.1:" + std::to_string(port), {pki->ca.cert_pem, "", "", false},
                            std::chrono::seconds(5));
    for (int i = 0; i < 3; ++i) {
      HttpRequest req;
      req.path = "/version";
      auto r = transport.send(req);
      ASSERT_TRUE(r) << r.status().message();
      EXPECT_EQ(r->status, 200);
      EXPECT_EQ(r->http_version, "2");
      EXPECT_EQ(r->body, "{\"major\":\"1\"}");
    }
  }
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);

  // nghttpd -v tags every frame with its session, one per connection (the readiness probe's is one
  // without requests): all three requests came as HEADERS frames on one session.
  std::string frames = testing::read_file(log);
  std::set<std::string> sessions;
  int requests = 0;
  std::regex request(R"(\[id=(\d+)\][^\n]*recv HEADERS frame)");
  for (auto it = std::sregex_iterator(frames.begin(), frames.end(), request); it != std::sregex_iterator(); ++it) {
    sessions.insert((*it)[1]);
    ++requests;
  }
  EXPECT_EQ(requests, 3) << frames.substr(0, 2000);
  EXPECT_EQ(sessions.size(), 1u) << frames.substr(0, 2000);
}

}  // namespace
}  // namespace bg::kube
