// The live state of a wave's objects, read cheaply: one list per group-kind instead of one get per
// object.
//
// One list per group-kind, across namespaces, is the complete set of that kind: an object not in it
// does not exist, so neither a converged platform nor an empty cluster costs a request per object
// (the platform owns its cluster, so whole-kind lists stay small). Lists come in the server's
// preferred version; an object rendered in another version is read with its own get, so the
// answer is always exactly what per-object gets would have given.
#pragma once

#include <map>
#include <vector>

#include "apply/cluster.h"

namespace bg::apply {

// Whole-kind lists a run has already read, by the ApplySet scope's group-kind ("Deployment.apps",
// "Secret"): prune reuses them instead of reading every kind again (prune.h).
using KindLists = std::map<std::string, std::vector<nlohmann::json>>;

// live[ref] is the object, or null JSON when it does not exist. Gets run `parallelism` at a time.
// When `lists` is given, every whole-kind list read is added to it.
Result<std::map<ObjectRef, nlohmann::json>> read_live(Cluster& cluster, const std::vector<ObjectRef>& refs, int parallelism,
                                                      KindLists* lists = nullptr);

}  // namespace bg::apply
