#include "common/filesystem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

namespace bg {

namespace fs = std::filesystem;

namespace {

// The folder a path lives in; "" (a bare file name) is the current folder.
fs::path folder_of(const fs::path& p) { return p.parent_path().empty() ? fs::path(".") : p.parent_path(); }

std::string why(int err) { return std::strerror(err); }

// The hint for a failed write, by its cause.
std::string write_hint(int err) {
  switch (err) {
    case EACCES:
    case EPERM:
    case EROFS:
      return "check the folder's permissions, or choose another path with -o";
    case ENOSPC:
    case EDQUOT:
      return "free some disk space, or choose another path with -o";
    default:
      return "choose another path with -o";
  }
}

Status cannot_write(const std::string& path, int err) {
  return Status::terminal("cannot write " + path + ": " + why(err)).with_hint(write_hint(err));
}

// Creates the folders above `p`; the error names the folder that could not be made.
Status make_folders_for(const fs::path& p) {
  if (p.parent_path().empty()) return Status::ok();
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  if (ec) {
    return Status::terminal("cannot create the folder " + p.parent_path().string() + ": " + ec.message())
        .with_hint(write_hint(ec.value()));
  }
  return Status::ok();
}

// Writes `content` to a new file at `p` (no one else uses that name), flushed to disk when `sync`
// (a single file replaced in place; a staged tree becomes visible only by its folder's rename).
Status write_new(const fs::path& p, const std::string& shown, const std::string& content, unsigned mode,
                 bool exact_mode, bool sync) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return cannot_write(shown, errno);
  if (exact_mode) ::fchmod(fd, mode);  // also when the umask is wider
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      ::close(fd);
      ::unlink(p.c_str());
      return cannot_write(shown, err);
    }
    done += static_cast<std::size_t>(n);
  }
  if (sync && ::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ::unlink(p.c_str());
    return cannot_write(shown, err);
  }
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(p.c_str());
    return cannot_write(shown, err);
  }
  return Status::ok();
}

std::string unique_suffix() { return std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()); }

}  // namespace

Status write_file_atomically(const std::string& path, const std::string& content, unsigned mode, bool exact_mode) {
  fs::path p(path);
  std::error_code ec;
  if (path.empty()) return Status::terminal("cannot write a file without a name").with_hint("pass a file name with -o");
  if (p.filename().empty() || fs::is_directory(p, ec)) {
    return Status::terminal("cannot write " + path + ": it is a folder")
        .with_hint("pass a file name, for example -o " + (p / "platform.yaml").lexically_normal().string());
  }
  if (Status s = make_folders_for(p); !s) return s;
  // A hidden sibling in the same folder, so the rename cannot cross file systems.
  fs::path tmp = folder_of(p) / ("." + p.filename().string() + ".tmp-" + unique_suffix());
  if (Status s = write_new(tmp, path, content, mode, exact_mode, true); !s) return s;
  if (::rename(tmp.c_str(), p.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return cannot_write(path, err);
  }
  return Status::ok();
}

Result<std::string> DiskFileSystem::read(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    return Status::terminal("cannot read " + path + ": it is a folder").with_hint("pass a file's path");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    return Status::terminal("cannot read " + path + ": " + why(err))
        .with_hint(err == ENOENT ? "check the path (relative paths start from the current folder)"
                                 : "check the file's permissions");
  }
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return Status::terminal("cannot read " + path + ": read failed").with_hint("check the file and its disk");
  return s.str();
}

bool DiskFileSystem::exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

Status DiskFileSystem::write_file(const std::string& path, const std::string& content) {
  return write_file_atomically(path, content);
}

namespace {

// The files of a tree Betelgeuse wrote that it did not write (not in its record), by relative path;
// none when the tree has no record (written before there was one: all of it was Betelgeuse's).
std::vector<fs::path> files_not_written(const fs::path& target) {
  std::ifstream record(target / kWrittenRecord);
  if (!record) return {};
  std::set<std::string> written;
  for (std::string line; std::getline(record, line);)
    if (!line.empty() && line[0] != '#') written.insert(line);
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(target, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) continue;
    fs::path rel = it->path().lexically_relative(target);
    if (rel != kWrittenRecord && !written.contains(rel.generic_string())) out.push_back(rel);
  }
  return out;
}

std::string written_record(const std::map<std::string, std::string>& files) {
  std::string out = "# The files betelgeuse wrote in this folder; it keeps any other file here when it writes again.\n";
  for (const auto& [rel, content] : files) out += rel + "\n";
  return out;
}

}  // namespace

Status DiskFileSystem::write_tree(const std::string& dir, const std::map<std::string, std::string>& files,
                                  const std::string& owner_marker) {
  std::error_code ec;
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  bool replace = false;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) {
      return Status::terminal("cannot write " + dir + ": it exists and is not a folder")
          .with_hint("choose another -o folder");
    }
    if (!fs::is_empty(target, ec)) {
      std::ifstream k(target / "kustomization.yaml");
      std::string first;
      std::getline(k, first);
      if (first + "\n" != owner_marker) {
        return Status::terminal("cannot write " + dir +
                                ": the folder exists and was not written by betelgeuse; refusing to replace it")
            .with_hint("choose another -o folder or empty it");
      }
    }
    replace = true;
  }
  std::vector<fs::path> keep = replace ? files_not_written(target) : std::vector<fs::path>{};
  for (const fs::path& rel : keep)
    if (files.contains(rel.generic_string()))
      return Status::terminal("cannot write " + (fs::path(dir) / rel).string() +
                              ": betelgeuse did not write the file there, and would now replace it")
          .with_hint("move the file out of " + dir + " (or delete it) and run the command again");
  fs::path parent = folder_of(target);
  std::string suffix = unique_suffix();
  fs::path staging = parent / ("." + target.filename().string() + ".staging-" + suffix);
  fs::create_directories(staging, ec);
  if (ec) return cannot_write(dir, ec.value());
  for (const auto& [rel, content] : files) {
    fs::path file = staging / rel;
    Status s = make_folders_for(file);
    if (s) s = write_new(file, (fs::path(dir) / rel).string(), content, 0644, false, false);
    if (!s) {
      fs::remove_all(staging, ec);
      return s;
    }
  }
  if (Status s = write_new(staging / kWrittenRecord, (fs::path(dir) / kWrittenRecord).string(), written_record(files), 0644,
                           false, false);
      !s) {
    fs::remove_all(staging, ec);
    return s;
  }
  // The files Betelgeuse did not write come along into the new tree, as they are.
  for (const fs::path& rel : keep) {
    fs::path to = staging / rel;
    Status s = make_folders_for(to);
    if (s) {
      fs::copy(target / rel, to, fs::copy_options::copy_symlinks, ec);
      if (ec) s = Status::terminal("cannot keep " + (fs::path(dir) / rel).string() + ": " + ec.message())
                      .with_hint("move the file out of " + dir + " and run the command again");
    }
    if (!s) {
      fs::remove_all(staging, ec);
      return s;
    }
  }
  fs::path old = parent / ("." + target.filename().string() + ".old-" + suffix);
  if (replace) {
    fs::rename(target, old, ec);
    if (ec) {
      fs::remove_all(staging, ec);
      return cannot_write(dir, ec.value());
    }
  }
  fs::rename(staging, target, ec);
  if (ec) {
    int err = ec.value();
    std::error_code ignored;
    if (replace) fs::rename(old, target, ignored);  // put the previous tree back
    fs::remove_all(staging, ignored);
    return cannot_write(dir, err);
  }
  if (replace) fs::remove_all(old, ec);
  return Status::ok();
}

}  // namespace bg
