// FakeConnector / FakeHost: RemoteHost without a network, for executor and phase tests.
//
// Every command and upload is recorded in one log (per host, in order). A command's result comes
// from the first rule whose needle occurs in it (exit status and output), else exit 0 — so "checks"
// fail by default only when a rule says so. `fail_connect` makes connect() fail for a node.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "nodes/remote_host.h"

namespace bg::testing {

struct FakeRule {
  std::string needle;
  nodes::CommandOutput result;
};

struct FakeWorld {
  std::vector<std::string> log;                       // "host$ command" and "host> upload path (mode)"
  std::map<std::string, std::string> files;           // "host:path" → content
  std::vector<FakeRule> rules;                        // first match wins
  std::set<std::string> fail_connect;                 // node names
};

class FakeConnector : public nodes::Connector {
 public:
  explicit FakeConnector(FakeWorld& world) : world_(world) {}
  Result<std::unique_ptr<nodes::RemoteHost>> connect(const nodes::Target& target) override;

 private:
  FakeWorld& world_;
};

}  // namespace bg::testing
