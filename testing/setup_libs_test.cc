// The setup scripts' shared helpers (scripts/go-build-lib.sh, scripts/maven-fetch-lib.sh) as the
// setup scripts use them, under `set -euo pipefail`, with stand-ins for go and mvn on PATH that do
// nothing: a helper's temporary folder is removed when it returns, and nothing it leaves behind
// fires later. (A RETURN trap that outlived its function once stopped a cold setup at the next
// `source`, a path a warm run never takes, since every program is then already built.)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/fixtures.h"

namespace bg::testing {
namespace {

// Runs `body` in bash with the two libraries sourced and do-nothing go and mvn first on PATH.
CommandResult run_with_libs(const TempDir& dir, const std::string& body) {
  std::filesystem::create_directories(dir / "bin");
  for (const char* tool : {"go", "mvn"}) {
    const std::string path = dir / (std::string("bin/") + tool);
    std::ofstream(path) << "#!/bin/sh\nexit 0\n";
    std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  }
  std::ofstream(dir / "script.sh") << "set -euo pipefail\n"
                                   << "export PATH=\"" << (dir / "bin") << ":$PATH\" TMPDIR=\"" << (dir / "tmp") << "\"\n"
                                   << "source " << source_path("scripts/go-build-lib.sh") << "\n"
                                   << "source " << source_path("scripts/maven-fetch-lib.sh") << "\n"
                                   << body << "\necho finished\n";
  std::filesystem::create_directories(dir / "tmp");
  return run_command("bash " + (dir / "script.sh"));
}

TEST(SetupLibs, AGoBuildLeavesNothingThatFiresAtTheNextReturn) {
  TempDir dir;
  CommandResult r = run_with_libs(dir, "build_wrapped demo \"" + (dir / "out") +
                                           "\" \"example.com/demo v1.0.0\" \"\" \"example.com/demo\" \"\"\n"
                                           "other() { :; }\nother\nsource /dev/null\n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("finished"), std::string::npos) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir / "tmp")) << "the helper's temporary folder is removed";
}

TEST(SetupLibs, AMavenFetchLeavesNothingThatFiresAtTheNextReturn) {
  TempDir dir;
  // The stand-in mvn fetches nothing, so maven_fetch_file fails as it should; what follows still runs.
  CommandResult r = run_with_libs(dir, "maven_fetch_file \"" + (dir / "out.zip") +
                                           "\" g:a:1:zip || echo refused\n"
                                           "other() { :; }\nother\nsource /dev/null\n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("refused\nfinished"), std::string::npos) << r.out << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir / "tmp")) << "the helper's temporary folder is removed";
}

}  // namespace
}  // namespace bg::testing
