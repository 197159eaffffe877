#include "common/filesystem.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <cstring>
#include <random>
#include <sstream>

namespace bg {

namespace fs = std::filesystem;

Result<std::string> DiskFileSystem::read(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return Status::terminal(path + ": is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::terminal(path + ": " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return Status::terminal(path + ": read failed");
  return s.str();
}

bool DiskFileSystem::exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

namespace {
Status write_one(const fs::path& path, const std::string& content) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::terminal(path.parent_path().string() + ": " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return Status::terminal(path.string() + ": write failed");
  return Status::ok();
}
}  // namespace

Status DiskFileSystem::write_file(const std::string& path, const std::string& content) {
  fs::path p(path);
  fs::path tmp = p;
  tmp += ".tmp-" + std::to_string(::getpid());
  if (Status s = write_one(tmp, content); !s) return s;
  std::error_code ec;
  fs::rename(tmp, p, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::terminal(path + ": " + ec.message());
  }
  return Status::ok();
}

Status DiskFileSystem::write_tree(const std::string& dir, const std::map<std::string, std::string>& files,
                                  const std::string& owner_marker) {
  std::error_code ec;
  fs::path target = fs::path(dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  bool replace = false;
  if (fs::exists(target, ec)) {
    if (!fs::is_directory(target, ec)) return Status::terminal(dir + ": exists and is not a folder");
    if (!fs::is_empty(target, ec)) {
      std::ifstream k(target / "kustomization.yaml");
      std::string first;
      std::getline(k, first);
      if (first + "\n" != owner_marker) {
        return Status::terminal(dir + ": folder exists and was not written by betelgeuse; refusing to replace it "
                                      "(choose another -o folder or empty it)");
      }
    }
    replace = true;
  }
  fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string suffix = std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}());
  fs::path staging = parent / ("." + target.filename().string() + ".staging-" + suffix);
  fs::create_directories(staging, ec);
  if (ec) return Status::terminal(parent.string() + ": " + ec.message());
  for (const auto& [rel, content] : files) {
    if (Status s = write_one(staging / rel, content); !s) {
      fs::remove_all(staging, ec);
      return s;
    }
  }
  fs::path old = parent / ("." + target.filename().string() + ".old-" + suffix);
  if (replace) {
    fs::rename(target, old, ec);
    if (ec) {
      fs::remove_all(staging, ec);
      return Status::terminal(dir + ": " + ec.message());
    }
  }
  fs::rename(staging, target, ec);
  if (ec) {
    std::error_code ignored;
    if (replace) fs::rename(old, target, ignored);  // put the previous tree back
    fs::remove_all(staging, ignored);
    return Status::terminal(dir + ": " + ec.message());
  }
  if (replace) fs::remove_all(old, ec);
  return Status::ok();
}

}  // namespace bg
