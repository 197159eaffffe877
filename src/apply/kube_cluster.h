// The Cluster of apply, diff, status and destroy, over the Kubernetes API (src/kube).
//
// A thin adapter: references map onto kube::Client calls one to one. Two things are its own:
// listing by group and kind without a version asks the server for the group's preferred version
// (cached), and a kind the server does not serve lists as empty and gets as absent — prune walks
// every group-kind the ApplySet ever held, including kinds whose CRD is gone. "Not served" is
// only ever concluded from a discovery that succeeded: when discovery fails, so does the call.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "apply/cluster.h"
#include "kube/client.h"

namespace bg::apply {

class KubeCluster : public Cluster {
 public:
  explicit KubeCluster(std::unique_ptr<kube::Client> client) : client_(std::move(client)) {}
  Result<nlohmann::json> get(const ObjectRef& ref) override;
  Result<nlohmann::json> apply(const nlohmann::json& object, const ApplyOptions& options) override;
  Result<std::vector<nlohmann::json>> list(const ListQuery& query) override;
  Status remove(const ObjectRef& ref, Propagation propagation) override;
  Result<bool> serves(const std::string& api_version, const std::string& kind) override;

 private:
  Result<std::string> preferred_version(const std::string& group);

  std::unique_ptr<kube::Client> client_;
  std::mutex mu_;
  std::map<std::string, std::string> versions_;  // group → preferred version
};

}  // namespace bg::apply
