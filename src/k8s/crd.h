// What a CustomResourceDefinition defines: the group and kind of its custom resources, and the
// versions of them it serves.
//
// apply reads this from the CRDs it sends (to order waves and to know which kinds will be served)
// and, through them, from whatever a blueprint ships; nothing here throws on a CRD of another
// shape: what is missing or of another type reads as "" or as no version.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "k8s/group_version.h"

namespace bg::k8s {

// spec.group and spec.names.kind.
GroupKind defined_kind(const nlohmann::json& crd);
// The names of spec.versions that are served (a version that does not say is served).
std::vector<std::string> served_versions(const nlohmann::json& crd);

}  // namespace bg::k8s
