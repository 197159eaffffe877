// destroy: take the platform down, in reverse waves, keeping its data unless told otherwise.
//
// Destroy is prune with nothing left to keep: every object carrying our ApplySet label goes,
// exposure first and Namespaces last. Data survives by default (CRDs, claims, volumes and the
// Namespaces that still hold claims, as in prune); when something is kept the ApplySet parent is
// kept too, now listing only what remains, so a later apply adopts the data again and a later
// `destroy --delete-data` can still find it. The command asks for confirmation; this function
// does not.
//
// Everything is read before anything is deleted — the parent, then every member of every
// group-kind it lists, then the claims of its Namespaces — and any read that fails stops destroy
// with nothing deleted: a cluster we cannot read must never look like an empty one. A destroy
// that finds no parent deletes nothing and says so (`found_parent`).
#pragma once

#include "apply/engine.h"
#include "apply/prune.h"

namespace bg::apply {

struct DestroySummary {
  bool found_parent = false;  // false: the platform was never applied here, or is already gone
  int deleted = 0;
  int kept = 0;
};

Result<DestroySummary> destroy_platform(Cluster& cluster, const ApplySetParent& parent, bool delete_data, const EventSink& sink);

}  // namespace bg::apply
