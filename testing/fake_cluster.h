// An in-memory Cluster for engine tests: objects, a readiness simulator, write counting, faults.
//
// apply() behaves like server-side apply by a single manager: the sent object replaces what we
// sent before (fields we stop sending disappear), the server's own metadata (k8s/server_fields.h)
// and status are kept, resourceVersion moves only when content changes
// and generation only when spec does. The simulator writes the status a controller would, at once,
// unless the object is named in `never_ready`; a StatefulSet's claims appear as its controller
// would make them. `die_after_writes` makes every call fail after that
// many writes, which is what a SIGKILL looks like from the next run's point of view. `refuse`
// makes every call fail with that Status (a cluster that cannot be reached or refuses us), and a
// group/kind in `unserved` is a kind the server does not serve: it lists empty, gets absent, and
// cannot be applied.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "apply/cluster.h"

namespace bg::testing {

class FakeCluster : public apply::Cluster {
 public:
  Result<nlohmann::json> get(const apply::ObjectRef& ref) override;
  Result<nlohmann::json> apply(const nlohmann::json& object, const apply::ApplyOptions& options) override;
  Result<std::vector<nlohmann::json>> list(const apply::ListQuery& query) override;
  Status remove(const apply::ObjectRef& ref, apply::Propagation propagation) override;
  Result<bool> serves(const std::string& api_version, const std::string& kind) override;

  // Puts an object in as another tool would (no simulator, no write counted).
  void seed(const nlohmann::json& object);
  std::size_t size();
  nlohmann::json find(const std::string& kind, const std::string& ns, const std::string& name);
  std::vector<nlohmann::json> all();

  std::set<std::string> never_ready;   // "namespace/name" of workloads that never become ready
  long die_after_writes = -1;          // -1: never
  Status refuse;                       // ok: the cluster answers
  std::map<std::string, Status> refuse_kind;  // "apps/Deployment", "/Secret": calls on that kind fail so
  std::set<std::string> unserved;      // "gateway.networking.k8s.io/GatewayClass", "/ConfigMap"
  std::atomic<long> writes{0};

 private:
  Status alive();
  Status allowed(const k8s::GroupKind& kind) const;
  void simulate(nlohmann::json& object);

  std::mutex mu_;
  std::map<k8s::ObjectRef, nlohmann::json> objects_;  // by identity: group, kind, namespace, name
  long next_version_ = 1;
  long next_uid_ = 1;
};

}  // namespace bg::testing
