// Discovery documents, in both forms kubectl understands: the legacy ones (/api, /apis,
// /api/v1, /apis/<group>/<version>) and the aggregated APIGroupDiscoveryList (apidiscovery.k8s.io
// v2) that kubectl 1.30+ asks for first, with an Accept header naming it, to learn every resource
// in two requests.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "testing/testserver/resources.h"

namespace bg::testserver {

nlohmann::json api_versions(const std::string& server_address);
nlohmann::json api_group_list(const Registry& registry);
std::optional<nlohmann::json> api_group(const Registry& registry, const std::string& group);
std::optional<nlohmann::json> api_resource_list(const Registry& registry, const std::string& group,
                                                const std::string& version);
// core = true: the document for /api (the core group only); else /apis (every named group).
nlohmann::json aggregated_discovery(const Registry& registry, bool core);

}  // namespace bg::testserver
