// Steps: the unit of work `nodes apply` runs on a machine, as plain data.
//
// A Step runs on one host (a node name). Its `check` is a shell command that exits 0 when the work
// is already done — then the step is skipped, which is what makes every phase idempotent and lets a
// re-run resume where a failed run stopped. Otherwise the optional upload is written (atomically,
// with its mode) and `command` runs; a non-zero exit fails the step, and the last lines of its
// stderr are the reason. A step with no check always runs, so its command must be harmless to
// repeat (a read-only probe, `kubectl label --overwrite`). `show_output` makes stdout part of the
// progress (facts). Commands and check never contain secrets — those travel only in uploads, whose
// content is never printed — so a dry run can print every step in full.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bg::nodes {

struct FileUpload {
  std::string path;
  std::string content;
  int mode = 0644;
};

struct Step {
  std::string phase;
  std::string host;
  std::string name;
  std::string check;
  std::string command;
  std::optional<FileUpload> upload;
  bool show_output = false;
};

// A step that writes `content` to `path` unless the file there already has exactly that content,
// then runs `then` (which may be empty).
Step upload_step(std::string phase, std::string host, std::string name, std::string path, std::string content,
                 int mode, std::string then = "");

// A step that passes when `condition` holds and otherwise fails with `reason` on stderr.
Step require_step(std::string phase, std::string host, std::string name, std::string condition, std::string reason);

// Single-quotes `text` for a POSIX shell.
std::string shell_quote(const std::string& text);

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(const std::string& data);

// The steps as a standalone POSIX shell script (uploads as quoted here-documents), for people who
// want to run a phase by hand; `title` opens it as a comment.
std::string shell_script(const std::string& title, const std::vector<Step>& steps);

}  // namespace bg::nodes
