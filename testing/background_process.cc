#include "testing/background_process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include "testing/fixtures.h"

extern char** environ;

namespace bg::testing {

BackgroundProcess::~BackgroundProcess() { stop(); }

Status BackgroundProcess::start(const std::vector<std::string>& argv, const std::string& log_path,
                                const std::vector<std::pair<std::string, std::string>>& env, bool replace_env) {
  if (argv.empty()) return Status::terminal("no program to start");
  log_path_ = log_path;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings;
  if (!replace_env)
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
  for (auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  int rc = posix_spawnp(&pid_, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    pid_ = -1;
    return Status::terminal(argv[0] + ": " + std::strerror(rc));
  }
  reaped_ = false;
  return Status::ok();
}

bool BackgroundProcess::running() {
  if (pid_ <= 0 || reaped_) return false;
  int st = 0;
  pid_t r = waitpid(pid_, &st, WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    status_ = st;
    return false;
  }
  return r == 0;
}

std::string BackgroundProcess::how_it_ended() {
  if (running()) return "running";
  if (pid_ <= 0) return "never started";
  if (WIFEXITED(status_)) return "exited " + std::to_string(WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) return "killed by signal " + std::to_string(WTERMSIG(status_));
  return "ended";
}

void BackgroundProcess::stop(std::chrono::milliseconds grace) {
  if (!running()) return;
  // The group is the program and what it started (bwrap's sandboxed child, a shell's children).
  kill(-pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (running() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (running()) {
    kill(-pid_, SIGKILL);
    int st = 0;
    if (waitpid(pid_, &st, 0) == pid_) status_ = st;
    reaped_ = true;
  }
}

std::string BackgroundProcess::log() const { return log_path_.empty() ? std::string() : read_file(log_path_); }

}  // namespace bg::testing
