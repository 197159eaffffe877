#include "testing/sshd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

namespace bg::testing {
namespace {

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  if (fd >= 0) ::close(fd);
  return port;
}

bool accepts(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// "ssh-ed25519 AAAA..." from a .pub file (without the comment).
std::string key_of(const std::string& pub_file) {
  std::string line = trim(read_file(pub_file));
  std::size_t first = line.find(' ');
  std::size_t second = first == std::string::npos ? std::string::npos : line.find(' ', first + 1);
  return second == std::string::npos ? line : line.substr(0, second);
}

}  // namespace

std::string Sshd::user() const {
  passwd* pw = getpwuid(getuid());
  return pw ? pw->pw_name : "root";
}

std::string Sshd::start() {
  if (access("/usr/sbin/sshd", X_OK) != 0) return "/usr/sbin/sshd is missing: run scripts/setup.sh (openssh-server)";
  for (const char* key : {"host_ed25519", "other_host_ed25519", "client_ed25519"}) {
    CommandResult r = run_command("ssh-keygen -q -t ed25519 -N '' -C betelgeuse-test -f " + dir_ / key);
    if (r.exit_code != 0) return "ssh-keygen failed: " + r.err;
  }
  std::ofstream(dir_ / "authorized_keys") << read_file(dir_ / "client_ed25519.pub");
  ::chmod((dir_ / "authorized_keys").c_str(), 0600);
  // Privilege separation: sshd started by root needs this (empty) folder; the Debian service makes it too.
  if (getuid() == 0) ::mkdir("/run/sshd", 0755);
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    std::ofstream(dir_ / "sshd_config") << "Port " << port_ << "\n"
                                        << "ListenAddress 127.0.0.1\n"
                                        << "HostKey " << dir_ / "host_ed25519" << "\n"
                                        << "PidFile " << dir_ / "sshd.pid" << "\n"
                                        << "AuthorizedKeysFile " << dir_ / "authorized_keys" << "\n"
                                        << "AllowUsers " << user() << "\n"
                                        << "PermitRootLogin prohibit-password\n"
                                        << "PubkeyAuthentication yes\n"
                                        << "PasswordAuthentication no\n"
                                        << "KbdInteractiveAuthentication no\n"
                                        << "UsePAM no\n"
                                        << "StrictModes no\n"
                                        << "LogLevel VERBOSE\n";
    pid_t pid = ::fork();
    if (pid == 0) {
      std::string config = dir_ / "sshd_config", log = dir_ / "sshd.log";
      ::execl("/usr/sbin/sshd", "/usr/sbin/sshd", "-D", "-e", "-f", config.c_str(), "-E", log.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pid < 0) return "fork failed";
    pid_ = pid;
    for (int i = 0; i < 100; ++i) {  // up to 5 s
      if (accepts(port_)) return "";
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;  // exited (port taken between free_port() and bind?): try another port
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (pid_ > 0) return "sshd did not accept connections within 5 s:\n" + log();
  }
  return "sshd did not start:\n" + log();
}

Sshd::~Sshd() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
}

std::string Sshd::known_hosts_line() const {
  return "[127.0.0.1]:" + std::to_string(port_) + " " + key_of(dir_ / "host_ed25519.pub") + "\n";
}

std::string Sshd::other_host_key_line() const {
  return "[127.0.0.1]:" + std::to_string(port_) + " " + key_of(dir_ / "other_host_ed25519.pub") + "\n";
}

std::string Sshd::log() const { return read_file(dir_ / "sshd.log"); }

}  // namespace bg::testing
