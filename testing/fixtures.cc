#include "testing/fixtures.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "catalog/catalog.h"

extern char** environ;

namespace bg::testing {

namespace fs = std::filesystem;

std::string source_path(const std::string& rel) { return std::string(BG_SOURCE_DIR) + "/" + rel; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string example_spec() { return read_file(source_path("examples/betelgeusebytes.yaml")); }

// The example with the other backend, derived rather than copied, so every component the example
// gains is covered by both golden trees.
std::string skeleton_spec_plus(const std::set<std::string>& extra) {
  // The machines of the example with the walking skeleton's components (ingress-nginx, cert-manager,
  // postgres, grafana): the nodes tests pin storage folders and public ports of that set, while the
  // whole catalog is the render tests' business. Every other component is switched off.
  std::string spec = example_spec();
  spec = spec.substr(0, spec.find("    # data\n"));
  for (const std::string& name : catalog::Catalog::builtin().names())
    if (name != "ingress-nginx" && name != "cert-manager" && name != "postgres" && name != "grafana" && !extra.count(name))
      spec += "    " + name + ": {enabled: false}\n";
  return spec;
}

std::string skeleton_spec() { return skeleton_spec_plus({}); }

std::string with_gateway_backend(std::string text) {
  const std::string from = "backend: ingress-nginx", to = "backend: gateway-api  ";
  std::size_t at = text.find(from);
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

std::string with_disabled(const std::string& spec, const std::set<std::string>& names) {
  std::istringstream in(spec);
  std::string out, line, skipping;
  std::set<std::string> done;
  while (std::getline(in, line)) {
    if (!skipping.empty() && line.rfind("      ", 0) == 0) continue;
    skipping.clear();
    if (line.rfind("    ", 0) == 0 && line.size() > 4 && line[4] != ' ' && line[4] != '#') {
      std::string name = line.substr(4, line.find(':') - 4);
      if (names.count(name)) {
        out += "    " + name + ": {enabled: false}\n";
        skipping = name;
        done.insert(name);
        continue;
      }
    }
    out += line + "\n";
  }
  for (const std::string& n : names)
    if (!done.count(n)) out += "    " + n + ": {enabled: false}\n";
  return out;
}


std::string gateway_example_spec() { return with_gateway_backend(example_spec()); }

std::string with_sso(std::string spec) {
  spec.replace(spec.find("auth: basic"), 11, "auth: sso  ");
  return spec + "    keycloak: {}\n";
}

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "bg-test-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  path_ = made ? made : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) fs::remove_all(path_, ec);
}

CommandResult run_command(const std::string& command_line) {
  TempDir tmp;
  std::string full = "(" + command_line + ") >" + tmp.path() + "/out 2>" + tmp.path() + "/err";
  int status = std::system(full.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(tmp.path() + "/out");
  r.err = read_file(tmp.path() + "/err");
  return r;
}

std::string binary() { return BG_BINARY; }
std::string testserver_binary() { return BG_TESTSERVER; }

std::map<std::string, std::string> read_tree(const std::string& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = read_file(e.path().string());
  return out;
}

Result<std::string> MemoryFileSystem::read(const std::string& path) {
  auto it = files.find(path);
  if (it == files.end()) return Status::terminal("cannot read " + path + ": No such file or directory");
  return it->second;
}

bool MemoryFileSystem::exists(const std::string& path) {
  if (files.count(path)) return true;
  for (const auto& [p, c] : files)
    if (p.rfind(path + "/", 0) == 0) return true;
  return false;
}

Status MemoryFileSystem::write_tree(const std::string& dir, const std::map<std::string, std::string>& tree,
                                    const std::string& owner_marker) {
  auto marker = files.find(dir + "/kustomization.yaml");
  if (exists(dir) && (marker == files.end() || marker->second.rfind(owner_marker, 0) != 0))
    return Status::terminal(dir + ": folder exists and was not written by betelgeuse");
  for (auto it = files.begin(); it != files.end();)
    it = it->first.rfind(dir + "/", 0) == 0 ? files.erase(it) : std::next(it);
  for (const auto& [rel, content] : tree) files[dir + "/" + rel] = content;
  return Status::ok();
}

Status MemoryFileSystem::write_file(const std::string& path, const std::string& content) {
  files[path] = content;
  return Status::ok();
}

bool run_killed_after(const std::vector<std::string>& args, long after_ms) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, copy[0].c_str(), &quiet, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&quiet);
  if (rc != 0) return false;
  std::this_thread::sleep_for(std::chrono::milliseconds(after_ms));
  bool running = ::kill(pid, SIGKILL) == 0;
  int status = 0;
  ::waitpid(pid, &status, 0);
  return running && WIFSIGNALED(status);
}

}  // namespace bg::testing
