// Prune: delete what Betelgeuse owns and no longer renders, and nothing else.
//
// Ownership is the ApplySet label: only objects carrying our part-of label, of the group-kinds the
// parent lists, are candidates, so objects of other tools are never even looked at. Deletion runs
// in reverse wave order (exposure first, Namespaces last). Data is protected: CRDs (deleting one
// deletes every custom resource of its kind), PersistentVolumeClaims, PersistentVolumes, the
// Secrets Betelgeuse generated (the credentials a kept volume was initialised with: switching a
// component off and on again must not rotate them) and any Namespace that still holds a claim or
// a kept Secret are kept unless `prune_data` is set; each kept object is reported, and stays in
// the ApplySet so the next run reports it again rather than forgetting it.
#pragma once

#include <set>
#include <string>

#include "apply/applyset.h"
#include "apply/cluster.h"
#include "apply/engine.h"
#include "apply/live_snapshot.h"
#include "common/result.h"

namespace bg::apply {

struct PruneResult {
  int pruned = 0;
  ApplySetScope kept;  // group-kinds and namespaces of objects kept for their data
};

// The label on every Secret whose values Betelgeuse generated (secrets/generate.h).
inline constexpr const char* kGeneratedLabel = "betelgeuse.io/generated";

// Whether prune and destroy keep `object` unless told to delete data.
bool holds_data(const manifest::Object& object);

// The Namespaces among `candidates` that prune keeps: those holding a claim (read live) or an
// object kept for its data.
Result<std::set<std::string>> namespaces_holding_data(Cluster& cluster, const std::vector<manifest::Object>& candidates);

// Every object carrying our label, of the scope's group-kinds, that `keep` does not hold. Kinds in
// `already` (lists read earlier in the same run) are not read again: an object a run did not
// render is one it never writes, so its list entry is still true at prune time.
Result<std::vector<manifest::Object>> prune_candidates(Cluster& cluster, const std::string& applyset_id,
                                                       const ApplySetScope& scope, const std::set<k8s::ObjectRef>& keep,
                                                       const KindLists* already = nullptr);

// `keep` holds the identities still rendered (compared by group, kind, namespace and name: the
// version does not matter).
Result<PruneResult> prune_applyset(Cluster& cluster, const std::string& applyset_id, const ApplySetScope& scope,
                                   const std::set<k8s::ObjectRef>& keep, bool prune_data, const EventSink& sink,
                                   const KindLists* already = nullptr);

}  // namespace bg::apply
