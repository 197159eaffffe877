// FileSystem: the one door through which Betelgeuse reads and writes files.
//
// Commands take a FileSystem so that tests can use an in-memory fake and real runs get the
// guarantees the product promises: an output folder is written completely or not at all (staged in
// a sibling folder, then renamed into place), and an existing folder is only replaced when
// Betelgeuse made it (its kustomization.yaml carries our header).
//
// Every failure names the operation and the path as the user wrote it ("cannot write
// platform.yaml: Permission denied") and carries a hint, so each command reports it the same way.
// A path without a folder part means the current folder.
#pragma once

#include <map>
#include <string>

#include "common/result.h"

namespace bg {

// The file in a written tree that lists the files written there, one relative path a line.
inline constexpr const char* kWrittenRecord = ".betelgeuse-files";

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  virtual Result<std::string> read(const std::string& path) = 0;
  virtual bool exists(const std::string& path) = 0;
  // Replaces folder `dir` with `files` (relative path → content), atomically where the platform
  // allows. Refuses when `dir` exists, is not empty and does not carry `owner_marker` in its
  // kustomization.yaml: nothing is deleted that Betelgeuse does not own. Within a folder it did
  // write, the files it wrote are listed in kWrittenRecord; the others (a user's notes, a .git) are
  // kept as they are, and one at a path of `files` is refused rather than replaced. (A folder written
  // before that record existed has no record: all of it is replaced, as it was then.)
  virtual Status write_tree(const std::string& dir, const std::map<std::string, std::string>& files,
                            const std::string& owner_marker) = 0;
  virtual Status write_file(const std::string& path, const std::string& content) = 0;
};

// Writes one file atomically: a temporary sibling, flushed to disk, then renamed over `path`, so a
// reader sees the old content or the new, never a part; on failure nothing is left behind. The
// file gets `mode` less the umask, or exactly `mode` with `exact_mode` (private state files).
Status write_file_atomically(const std::string& path, const std::string& content, unsigned mode = 0644,
                             bool exact_mode = false);

// The real disk.
class DiskFileSystem : public FileSystem {
 public:
  Result<std::string> read(const std::string& path) override;
  bool exists(const std::string& path) override;
  Status write_tree(const std::string& dir, const std::map<std::string, std::string>& files,
                    const std::string& owner_marker) override;
  Status write_file(const std::string& path, const std::string& content) override;
};

}  // namespace bg
