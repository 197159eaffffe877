// The real programs the contract tests run, as scripts/setup-contract-programs.sh builds them into
// the cache outside the checkout (one folder per version, versions pinned in
// testing/contract/versions.env). A program that is missing fails the test that needs it, with the
// command that builds it: a contract test never passes, or skips, without its program.
#pragma once

#include <string>

#include "common/result.h"

namespace bg::testing {

// BETELGEUSE_CACHE, else $XDG_CACHE_HOME/betelgeuse, else $HOME/.cache/betelgeuse (as the setup
// scripts decide it).
std::string tools_cache();

// The value of KEY in testing/contract/versions.env ("" when absent).
std::string contract_version(const std::string& key);

// <cache>/<tool>-<version of version_key>/bin/<program>, when it is there.
Result<std::string> contract_program(const std::string& tool, const std::string& version_key, const std::string& program);

}  // namespace bg::testing
