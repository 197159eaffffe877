// SSH transport for `nodes apply`, on libssh.
//
// SshConnector opens one session per node: the server's host key is checked against a known_hosts
// file first — a key that differs from the recorded one is refused, always, with the fingerprint and
// how to clear a stale entry; an unknown host is refused too unless accept_new_host_keys is set, in
// which case its key is recorded (OpenSSH's "accept-new"). Authentication is public key only: the
// given identity file, or else the SSH agent and the default keys (~/.ssh/id_*). ~/.ssh/config is
// not read, so what connects is exactly what the flags say. Commands run as `sh -c '<command>'`
// (through `sudo -n` when `sudo` is set), so they do not depend on the login shell; uploads stream
// the content to a temporary file beside the target and rename it into place.
#pragma once

#include <memory>
#include <string>

#include "nodes/remote_host.h"

namespace bg::nodes {

struct SshOptions {
  std::string known_hosts;    // default ~/.ssh/known_hosts
  std::string identity_file;  // "" → agent and default keys
  bool accept_new_host_keys = false;
  bool sudo = false;
  long timeout_seconds = 20;  // connecting only; commands may run long
};

class SshConnector : public Connector {
 public:
  explicit SshConnector(SshOptions options);
  Result<std::unique_ptr<RemoteHost>> connect(const Target& target) override;

 private:
  SshOptions options_;
};

// `~/.ssh/known_hosts` of the current user.
std::string default_known_hosts();

}  // namespace bg::nodes
