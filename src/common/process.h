// Running another program (Graphviz `dot`, later kubectl for fidelity checks) as a value-returning
// call: argv in, exit code and both output streams out. No shell is involved, so arguments are
// never re-parsed; the child's stdin is fed from a string.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"

namespace bg {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Status is not ok only when the program could not be started at all.
Result<ProcessResult> run_process(const std::vector<std::string>& argv, const std::string& stdin_text = {});

// Whether `program` is found on PATH.
bool on_path(const std::string& program);

}  // namespace bg
