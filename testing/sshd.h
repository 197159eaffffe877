// A real OpenSSH server on loopback for tests (Debian's openssh-server).
//
// Sshd::start() makes a fresh folder with an ed25519 host key, a client key pair whose public half
// is the only authorized key, and an sshd_config that listens on 127.0.0.1 at a free port, allows
// only public-key logins of the current user, and keeps its pid file and logs in the folder; then it
// runs `/usr/sbin/sshd -D -f <config>` as the current user and waits until the port accepts. The
// destructor stops that sshd (by its own pid) and removes the folder. known_hosts_line() is the line
// an OpenSSH known_hosts file holds for this server; other_host_key_line() is a valid line for the
// same address with a different key — a "changed host key".
#pragma once

#include <sys/types.h>

#include <string>

#include "testing/fixtures.h"

namespace bg::testing {

class Sshd {
 public:
  Sshd() = default;
  ~Sshd();
  Sshd(const Sshd&) = delete;
  Sshd& operator=(const Sshd&) = delete;

  // "" when running, else why not (the test should fail with it).
  std::string start();

  int port() const { return port_; }
  std::string user() const;                 // the current user's name
  std::string client_key() const { return dir_ / "client_ed25519"; }
  std::string known_hosts_line() const;     // "[127.0.0.1]:PORT ssh-ed25519 AAAA..."
  std::string other_host_key_line() const;  // same host, another key
  std::string log() const;                  // sshd's log so far
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace bg::testing
