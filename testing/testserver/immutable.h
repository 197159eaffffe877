// The fields the real API server refuses to change once an object exists, so the fast tests meet
// the same refusals a real cluster gives (issue 21; the rules are the API server's validation of
// updates in Kubernetes 1.32, pkg/apis/*/validation):
//   Job          spec.selector and spec.template ("field is immutable");
//   StatefulSet  everything in spec but replicas, ordinals, template, updateStrategy,
//                persistentVolumeClaimRetentionPolicy and minReadySeconds ("Forbidden");
//   Deployment, ReplicaSet, DaemonSet   spec.selector;
//   Service      spec.clusterIP once set ("may not change once set");
//   PersistentVolumeClaim   spec, except resources.requests and volumeAttributesClassName (a
//                smaller request, which the real server also refuses, is not modelled).
// Writes of the status subresource are not judged: the fields are all in spec.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "testing/testserver/api_error.h"
#include "testing/testserver/resources.h"

namespace bg::testserver {

// The API server's 422 for an update from `live` to `next` that changes an immutable field; none
// when the update is allowed.
std::optional<ApiError> immutable_change(const ResourceType& type, const nlohmann::json& live, const nlohmann::json& next);

}  // namespace bg::testserver
