// The executor: runs steps on hosts, or — the one dry-run gate — only prints them.
//
// execute() first connects to every host (phase "connect"), so a wrong host key or a dead machine
// stops the run before anything changed anywhere. Then it runs the steps in order: check, and if the
// check fails, upload and command. Progress goes to `progress`, one line per step, prefixed with the
// host: "[worker-1] prepare: sysctls ... done" (or "already done", or "FAILED"). The first failing
// step stops the run; the returned Failure names the host, the step and the reason (the last lines of
// the command's stderr, or the transport's error). Because finished steps' checks pass, running again
// resumes at the failed step. print_dry_run() connects nothing: every step is printed for its host with
// check and command (upload contents are never printed, only path, mode and size).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "nodes/remote_host.h"
#include "nodes/step.h"

namespace bg::nodes {

struct Failure {
  std::string host;
  std::string step;  // "phase: name"
  std::string reason;
  std::string str() const;  // host worker-1, step "prepare: containerd": reason
};

struct ExecuteSummary {
  int done = 0;
  int already_done = 0;
  std::optional<Failure> failure;
};

ExecuteSummary execute(Connector& connector, const std::vector<Target>& targets, const std::vector<Step>& steps,
                       std::ostream& progress);

// The dry run: the same steps in run order, each prefixed with its host; nothing connected or run.
void print_dry_run(const std::vector<Target>& targets, const std::vector<Step>& steps, std::ostream& out);

// The last `lines` non-empty lines of `text`, joined by "; " (a command's stderr as a reason).
std::string last_lines(const std::string& text, int lines = 3);

}  // namespace bg::nodes
