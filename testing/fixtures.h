// Shared test helpers: paths into the source tree, reading files, running the real binary, and an
// in-memory FileSystem fake.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/filesystem.h"

namespace bg::testing {

std::string source_path(const std::string& rel);  // BG_SOURCE_DIR/rel
std::string read_file(const std::string& path);
std::string example_spec();                        // examples/betelgeusebytes.yaml
std::string gateway_example_spec();
// The example's machines with only the walking skeleton's components (ingress-nginx, cert-manager,
// postgres, grafana): for tests that pin exact counts, while the whole catalog is the golden
// trees' business.
std::string skeleton_spec();
// skeleton_spec() with the components in `extra` left on, at their blueprints' defaults.
std::string skeleton_spec_plus(const std::set<std::string>& extra);
std::string with_gateway_backend(std::string spec);
// The example's SSO variant: Keycloak on, and Grafana (the UI with `auth: basic`) behind it with
// `auth: sso` instead.
std::string with_sso(std::string spec);
// The spec with each named component's entry replaced by `<name>: {enabled: false}` (its settings
// block dropped), added when the spec does not list it.
std::string with_disabled(const std::string& spec, const std::set<std::string>& names);

// A fresh empty temporary folder, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs a shell command line, capturing stdout and stderr.
CommandResult run_command(const std::string& command_line);
// Starts argv (stdout and stderr to /dev/null), sends SIGKILL after `after_ms` and reaps it; true
// when the kill landed while it still ran.
bool run_killed_after(const std::vector<std::string>& argv, long after_ms);
std::string binary();             // the built betelgeuse
std::string testserver_binary();  // the built kube-testserver

// Every file below `dir`, by relative path.
std::map<std::string, std::string> read_tree(const std::string& dir);

class MemoryFileSystem : public FileSystem {
 public:
  std::map<std::string, std::string> files;
  Result<std::string> read(const std::string& path) override;
  bool exists(const std::string& path) override;
  Status write_tree(const std::string& dir, const std::map<std::string, std::string>& tree,
                    const std::string& owner_marker) override;
  Status write_file(const std::string& path, const std::string& content) override;
};

}  // namespace bg::testing
