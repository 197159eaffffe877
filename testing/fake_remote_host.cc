#include "testing/fake_remote_host.h"

#include <cstdio>

namespace bg::testing {
namespace {

class FakeHost : public nodes::RemoteHost {
 public:
  FakeHost(FakeWorld& w, std::string node) : world_(w), node_(std::move(node)) {}
  Result<nodes::CommandOutput> run(const std::string& command) override {
    world_.log.push_back(node_ + "$ " + command);
    for (const FakeRule& r : world_.rules)
      if (command.find(r.needle) != std::string::npos) return r.result;
    return nodes::CommandOutput{};
  }
  Status upload(const std::string& path, const std::string& content, int mode) override {
    char m[8];
    std::snprintf(m, sizeof m, "%04o", mode);
    world_.log.push_back(node_ + "> upload " + path + " (" + m + ")");
    world_.files[node_ + ":" + path] = content;
    return Status::ok();
  }

 private:
  FakeWorld& world_;
  std::string node_;
};

}  // namespace

Result<std::unique_ptr<nodes::RemoteHost>> FakeConnector::connect(const nodes::Target& target) {
  if (world_.fail_connect.count(target.node))
    return Status::transient("cannot connect to " + target.str() + ": Connection refused");
  return std::unique_ptr<nodes::RemoteHost>(new FakeHost(world_, target.node));
}

}  // namespace bg::testing
