// RemoteHost: the one door through which `nodes apply` touches a machine.
//
// run() executes a shell command and returns its exit status and output; a non-zero exit is a value,
// not an error — a Status failure means the transport broke (connection lost). upload() writes a file
// atomically with the given mode, creating its folder. A Connector opens RemoteHosts; the real one is
// SSH (ssh_host.h), tests use testing/fake_remote_host.h or a real sshd on loopback.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace bg::nodes {

struct CommandOutput {
  int exit_status = 0;
  std::string out;
  std::string err;
};

class RemoteHost {
 public:
  virtual ~RemoteHost() = default;
  virtual Result<CommandOutput> run(const std::string& command) = 0;
  virtual Status upload(const std::string& path, const std::string& content, int mode) = 0;
};

// Where a node is reached.
struct Target {
  std::string node;
  std::string address;
  int port = 22;
  std::string user = "root";
  std::string str() const;  // "root@203.0.113.10:22"
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual Result<std::unique_ptr<RemoteHost>> connect(const Target& target) = 0;
};

}  // namespace bg::nodes
