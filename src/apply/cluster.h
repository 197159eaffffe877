// The cluster as apply, diff, status and destroy see it: a handful of calls, behind an interface.
//
// The engine never speaks HTTP. It asks a Cluster to get, server-side apply, list and delete
// objects named by apiVersion/kind/namespace/name; the real implementation maps those onto the
// Kubernetes API through src/kube (discovery, REST mapping, retries); tests reach the test
// server's store, simulator and injected faults in-process through that same implementation
// (testing/in_process_server.h), so the engine's waves, gates, prune and summaries are tested
// without a socket. Calls are made from several threads at once (a wave is applied in
// parallel): implementations must be thread-safe.
// A missing object is not an error: get() returns null JSON, and so does a kind the server does
// not serve (it has no objects). A server that cannot be reached, is not trusted, or refuses us
// is always an error (with its Status::Code), never absence: destroy and prune decide what to
// delete from what they read, and status must not call a platform gone that it cannot see.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/result.h"
#include "k8s/object_ref.h"

namespace bg::apply {

using k8s::ObjectRef;  // apiVersion, kind, namespace, name

struct ApplyOptions {
  std::string field_manager = "betelgeuse";
  bool force = true;     // Betelgeuse owns what it renders; conflicts with other managers are taken over
  bool dry_run = false;  // dryRun=All: the server computes the result and stores nothing
};

enum class Propagation { kBackground, kForeground, kOrphan };

struct ListQuery {
  std::string group;           // "" for the core group; the server's preferred version is listed
  std::string kind;
  std::string ns;              // "" lists every namespace (or the cluster-scoped kind)
  std::string label_selector;  // "applyset.kubernetes.io/part-of=…"
  std::string field_selector;  // "involvedObject.name=…"
};

class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual Result<nlohmann::json> get(const ObjectRef& ref) = 0;
  // Server-side apply of a complete object; returns the object as the server now has it.
  virtual Result<nlohmann::json> apply(const nlohmann::json& object, const ApplyOptions& options) = 0;
  virtual Result<std::vector<nlohmann::json>> list(const ListQuery& query) = 0;
  // Deleting what is already gone succeeds.
  virtual Status remove(const ObjectRef& ref, Propagation propagation) = 0;
  // Whether the server serves this kind now (apiVersion "apps/v1", kind "Deployment").
  virtual Result<bool> serves(const std::string& api_version, const std::string& kind) = 0;
};

// Time (common/clock.h), so that waiting for health is instant in tests.
using bg::Clock;
using bg::SystemClock;

}  // namespace bg::apply
