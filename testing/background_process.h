// A program a test starts and leaves running (a server, a network namespace's holder): its output
// goes to a log file, and stop() — or the destructor — ends it by its own pid and process group
// (SIGTERM, then SIGKILL after a grace period) and reaps it. Nothing else is ever signalled.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace bg::testing {

class BackgroundProcess {
 public:
  BackgroundProcess() = default;
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Starts argv (looked up on PATH) in a process group of its own, with `env` as its whole
  // environment when `replace_env`, else the test's environment; stdout and stderr to `log_path`.
  Status start(const std::vector<std::string>& argv, const std::string& log_path,
               const std::vector<std::pair<std::string, std::string>>& env = {}, bool replace_env = false);
  // True while it runs; once it has exited, exit_status() says how (the wait status).
  bool running();
  int exit_status() const { return status_; }
  // "exited 1", "killed by signal 9", or "running".
  std::string how_it_ended();
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  pid_t pid() const { return pid_; }
  std::string log() const;  // the log so far
  const std::string& log_path() const { return log_path_; }

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  std::string log_path_;
};

}  // namespace bg::testing
