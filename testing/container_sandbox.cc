#include "testing/container_sandbox.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace bg::testing {

namespace {

std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

std::string join(const std::string& dir, const std::string& name) { return dir == "/" ? "/" + name : dir + "/" + name; }

Status write_file(const std::string& path, const std::string& content, int mode) {
  std::error_code ec;
  std::filesystem::create_directories(parent_of(path), ec);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << content;
  f.close();
  if (!f || chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) return Status::terminal("cannot write " + path);
  return Status::ok();
}

Status make_dir(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Status::terminal("cannot make " + path + ": " + ec.message());
  return Status::ok();
}

// `path` with every host symlink among its ancestors followed (the sandbox shows the host's
// symlinks, so a mount below /var/run lands below /run).
Result<std::string> resolve(const std::string& path, const HostTree& host) {
  std::string done = "/", rest = path.substr(1);
  for (int hops = 0; !rest.empty();) {
    const std::size_t slash = rest.find('/');
    const std::string name = rest.substr(0, slash);
    rest = slash == std::string::npos ? "" : rest.substr(slash + 1);
    const std::string next = join(done, name);
    if (rest.empty() || host.type(next) != HostTree::Type::kSymlink) {
      done = next;
      continue;
    }
    if (++hops > 16) return Status::terminal("container path " + path + ": too many symlinks");
    const std::string target = host.link_target(next);
    const std::string absolute = target.rfind('/', 0) == 0 ? target : join(done, target);
    rest = absolute.substr(1) + (rest.empty() ? "" : "/" + rest);
    done = "/";
  }
  return done;
}

// The host folders that must become tmpfs copies: for each container path that does not exist on
// the host, its deepest existing ancestor (unless that is the root, which is a tmpfs already, or a
// folder that is itself bound, whose contents are the test's).
Result<std::vector<std::string>> folders_to_copy(const std::vector<std::string>& targets, const std::set<std::string>& bound,
                                                 const HostTree& host) {
  std::set<std::string> out;
  for (const std::string& t : targets) {
    std::string p = t;
    bool inside_bind = false;
    while (p != "/" && host.type(p) == HostTree::Type::kMissing) {
      p = parent_of(p);
      if (bound.count(p)) inside_bind = true;
    }
    if (p == t || p == "/" || inside_bind) continue;
    if (host.type(p) != HostTree::Type::kDir) return Status::terminal("container path " + t + " is below the host's file " + p);
    out.insert(p);
  }
  std::vector<std::string> v(out.begin(), out.end());
  // Shallower first: a deeper copy goes inside a shallower one.
  std::stable_sort(v.begin(), v.end(), [](const std::string& a, const std::string& b) {
    return std::count(a.begin(), a.end(), '/') < std::count(b.begin(), b.end(), '/');
  });
  return v;
}

void bind_entry(std::vector<std::string>& args, const std::string& path, const HostTree& host) {
  if (host.type(path) == HostTree::Type::kSymlink) {
    args.insert(args.end(), {"--symlink", host.link_target(path), path});
  } else {
    args.insert(args.end(), {"--ro-bind", path, path});
  }
}

// A hostPath volume: the host's own path, bound at the mount path. Only read-only mounts are
// given: a contract test runs on a developer's machine or a CI runner, not on a node, and must never
// write the host's files (nor, with Bidirectional propagation, its mount table), so a writable
// hostPath is refused rather than bound. The *OrCreate types would create the path on the host: the
// path must already be there. HostToContainer propagation is what bwrap gives every bind (its
// mounts are slaves of the host's).
Result<SandboxLayout::Bind> host_path_bind(const Mount& m) {
  const std::string what = "hostPath volume " + m.volume + " (" + m.host_path + " at " + m.path + ")";
  if (!m.read_only)
    return Status::terminal(what + " is writable: the contract harness binds the host's paths read-only only "
                                   "(a test must not write the host); mount it readOnly");
  if (m.propagation == "Bidirectional")
    return Status::terminal(what + " propagates mounts to the host (Bidirectional): not given by the contract harness");
  std::error_code ec;
  const auto status = std::filesystem::status(m.host_path, ec);
  const bool dir = std::filesystem::is_directory(status), file = std::filesystem::is_regular_file(status);
  const std::string& type = m.host_path_type;
  bool fits = std::filesystem::exists(status);
  if (type == "Directory" || type == "DirectoryOrCreate") fits = dir;
  else if (type == "File" || type == "FileOrCreate") fits = file;
  else if (type == "Socket") fits = std::filesystem::is_socket(status);
  else if (type == "CharDevice") fits = std::filesystem::is_character_file(status);
  else if (type == "BlockDevice") fits = std::filesystem::is_block_file(status);
  else if (!type.empty()) return Status::terminal(what + ": type " + type + " is not a hostPath type");
  if (!fits) return Status::terminal(what + ": the host has no " + (type.empty() ? "such path" : type) + " there");
  return SandboxLayout::Bind{m.host_path, m.path, true};
}

}  // namespace

std::string merge_accounts(const std::string& host_file, const std::vector<std::string>& lines) {
  auto field = [](const std::string& line, int n) {
    std::size_t start = 0;
    for (int i = 0; i < n && start != std::string::npos; ++i) start = line.find(':', start) + 1;
    return line.substr(start, line.find(':', start) - start);
  };
  std::set<std::string> names, ids;
  for (const std::string& l : lines) {
    names.insert(field(l, 0));
    ids.insert(field(l, 2));
  }
  std::string out;
  std::size_t pos = 0;
  while (pos < host_file.size()) {
    std::size_t end = host_file.find('\n', pos);
    if (end == std::string::npos) end = host_file.size();
    const std::string line = host_file.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || names.count(field(line, 0)) || ids.count(field(line, 2))) continue;
    out += line + "\n";
  }
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> container_argv(const ContainerView& view, const ContainerImage& image) {
  std::vector<std::string> argv = view.command.empty() ? image.entrypoint : view.command;
  const std::vector<std::string>& args = view.command.empty() && view.args.empty() ? image.cmd : view.args;
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// The mode a file of `m` gets here. In the pod a group-owned file (Mount::group_owned) belongs to
// root and the container's user reaches it through the group; here every file belongs to the user
// (bwrap maps one uid), so the group's bits become the owner's and the group keeps none: the user
// may do what it could in the pod, and a program that judges its files' modes (PostgreSQL's key:
// root-owned 0640 is fine, as is 0600 of its own; group or world access to its own is not) comes
// to the same verdict. One it cannot: PostgreSQL refuses a root-owned key with group write (0660),
// which here is 0600 of the user's own.
static int sandbox_mode(const Mount& m, int mode) {
  if (!m.group_owned) return mode;
  return (((mode >> 3) & 07) << 6) | (mode & 07);
}

Result<SandboxLayout> lay_out(const ContainerView& view, const std::string& dir,
                              const std::map<std::string, std::string>& storage, const std::string& hosts,
                              const std::string& resolv_conf) {
  SandboxLayout layout;
  int n = 0;
  for (const Mount& m : view.mounts) {
    const std::string here = dir + "/mount-" + std::to_string(n++) + "-" + m.volume;
    if (m.kind == Mount::Kind::kFiles) {
      if (m.files.size() == 1 && m.files.begin()->first.empty()) {  // a subPath mount of one key
        if (Status s = write_file(here, m.files.begin()->second.content, sandbox_mode(m, m.files.begin()->second.mode)); !s) return s;
        layout.binds.push_back({here, m.path, true});
        continue;
      }
      if (Status s = make_dir(here); !s) return s;
      for (auto& [rel, f] : m.files)
        if (Status s = write_file(here + "/" + rel, f.content, sandbox_mode(m, f.mode)); !s) return s;
      layout.binds.push_back({here, m.path, true});
      continue;
    }
    if (m.kind == Mount::Kind::kHostPath) {
      auto bind = host_path_bind(m);
      if (!bind) return bind.status();
      layout.binds.push_back(std::move(*bind));
      continue;
    }
    std::string volume_dir = dir + "/volume-" + m.volume;
    if (m.kind == Mount::Kind::kStorage && storage.count(m.volume)) volume_dir = storage.at(m.volume);
    const std::string source = m.sub_path.empty() ? volume_dir : volume_dir + "/" + m.sub_path;
    if (Status s = make_dir(source); !s) return s;
    layout.binds.push_back({source, m.path, m.read_only});
  }
  if (Status s = write_file(dir + "/etc-hosts", hosts, 0644); !s) return s;
  if (Status s = write_file(dir + "/etc-resolv.conf", resolv_conf, 0644); !s) return s;
  if (Status s = make_dir(dir + "/tmp"); !s) return s;
  chmod((dir + "/tmp").c_str(), 01777);
  layout.binds.push_back({dir + "/etc-hosts", "/etc/hosts", true});
  layout.binds.push_back({dir + "/etc-resolv.conf", "/etc/resolv.conf", true});
  layout.binds.push_back({dir + "/tmp", "/tmp", false});
  return layout;
}

HostTree HostTree::real() {
  HostTree h;
  h.type = [](const std::string& p) {
    struct stat st;
    if (lstat(p.c_str(), &st) != 0) return Type::kMissing;
    if (S_ISLNK(st.st_mode)) return Type::kSymlink;
    return S_ISDIR(st.st_mode) ? Type::kDir : Type::kFile;
  };
  h.entries = [](const std::string& p) {
    std::vector<std::string> names;
    if (DIR* d = opendir(p.c_str())) {
      while (dirent* e = readdir(d))
        if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") names.emplace_back(e->d_name);
      closedir(d);
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  h.link_target = [](const std::string& p) {
    char buf[4096];
    ssize_t n = readlink(p.c_str(), buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  };
  return h;
}

Result<std::vector<std::string>> bwrap_args(const ContainerView& view, const ContainerImage& image,
                                            const SandboxLayout& layout, const HostTree& host) {
  const std::int64_t uid = view.uid ? *view.uid : image.user.value_or(0);
  const std::int64_t gid = view.gid ? *view.gid : uid;
  if (view.run_as_non_root && uid == 0)
    return Status::terminal("container " + view.name + " has runAsNonRoot and would run as uid 0: the kubelet refuses to start it");
  std::vector<std::string> args = {"--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
                                   "--die-with-parent", "--new-session",
                                   "--uid", std::to_string(uid), "--gid", std::to_string(gid),
                                   "--hostname", view.hostname.empty() ? "pod" : view.hostname};
  // The host's root, read-only, entry by entry (the root itself is bwrap's tmpfs).
  static const std::set<std::string> own = {"/proc", "/dev", "/tmp"};
  for (const std::string& name : host.entries("/"))
    if (!own.count("/" + name)) bind_entry(args, "/" + name, host);
  std::vector<SandboxLayout::Bind> binds = layout.binds;
  std::vector<std::string> targets;
  std::set<std::string> bound;
  for (SandboxLayout::Bind& b : binds) {
    auto resolved = resolve(b.container, host);
    if (!resolved) return resolved.status();
    b.container = *resolved;
    targets.push_back(b.container);
    bound.insert(b.container);
  }
  auto copies = folders_to_copy(targets, bound, host);
  if (!copies) return copies.status();
  for (const std::string& folder : *copies) {
    args.insert(args.end(), {"--tmpfs", folder});
    for (const std::string& name : host.entries(folder)) bind_entry(args, join(folder, name), host);
  }
  args.insert(args.end(), {"--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm", "--proc", "/proc"});
  // Outer mounts before the ones inside them.
  std::stable_sort(binds.begin(), binds.end(), [](const auto& a, const auto& b) {
    return std::count(a.container.begin(), a.container.end(), '/') < std::count(b.container.begin(), b.container.end(), '/');
  });
  for (const SandboxLayout::Bind& b : binds) args.insert(args.end(), {b.read_only ? "--ro-bind" : "--bind", b.host, b.container});
  args.insert(args.end(), {"--chdir", view.working_dir.empty() ? image.workdir : view.working_dir, "--clearenv"});
  // The runtime's own: HOSTNAME, HOME when the image sets none, and its default PATH.
  std::map<std::string, std::string> env = {{"HOSTNAME", view.hostname}, {"HOME", "/"}};
  env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (auto& [k, v] : image.env) env[k] = v;
  for (auto& [k, v] : view.env) env[k] = v;
  for (auto& [k, v] : env) args.insert(args.end(), {"--setenv", k, v});
  return args;
}

}  // namespace bg::testing
