// What the API server fills in on create, per kind, so that objects read back look like the real
// ones: a Namespace's phase and name label and its "kubernetes" finalizer, a Deployment's replicas,
// a Service's ClusterIP, a CRD's Established condition (which is also when its kind starts to be
// served; never, for a CRD marked never ready: simulator.h).
#pragma once

#include <nlohmann/json.hpp>

#include "testing/testserver/store.h"

namespace bg::testserver {

void apply_create_defaults(Store& store, const ResourceType& rt, nlohmann::json& obj);

// Whether an update changed the object's spec (everything but metadata and status), which is
// what bumps metadata.generation.
bool spec_changed(const nlohmann::json& before, const nlohmann::json& after);

}  // namespace bg::testserver
