#include "testing/contract_programs.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "testing/fixtures.h"

namespace bg::testing {

std::string tools_cache() {
  if (const char* c = std::getenv("BETELGEUSE_CACHE"); c && *c) return c;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/betelgeuse";
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + "/.cache/betelgeuse";
}

std::string contract_version(const std::string& key) {
  std::istringstream in(read_file(source_path("testing/contract/versions.env")));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + "=", 0) != 0) continue;
    std::string v = line.substr(key.size() + 1);
    return v.substr(0, v.find_first_of(" \t#"));
  }
  return {};
}

Result<std::string> contract_program(const std::string& tool, const std::string& version_key, const std::string& program) {
  const std::string version = contract_version(version_key);
  if (version.empty()) return Status::terminal(version_key + " is not set in testing/contract/versions.env");
  const std::string path = tools_cache() + "/" + tool + "-" + version + "/bin/" + program;
  if (access(path.c_str(), X_OK) != 0)
    return Status::terminal(path + " is missing: run `bash scripts/setup-contract-programs.sh` (scripts/test.sh does)");
  return path;
}

}  // namespace bg::testing
