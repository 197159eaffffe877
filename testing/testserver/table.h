// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for (Accept:
// application/json;as=Table;v=v1;g=meta.k8s.io) and prints column for column.
//
// A few kinds get the columns the real server prints (namespaces' STATUS, pods' READY/STATUS/
// RESTARTS, deployments' READY/UP-TO-DATE/AVAILABLE, ...); every other kind gets NAME and AGE.
// Rows carry the object as PartialObjectMetadata unless includeObject says otherwise, which is
// what `kubectl get --show-labels` and `-A` read.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "testing/testserver/resources.h"

namespace bg::testserver {

// "Object", "Metadata" (the default) or "None".
nlohmann::json to_table(const ResourceType& rt, const std::vector<nlohmann::json>& objects,
                        const std::string& include_object, std::chrono::system_clock::time_point now,
                        const nlohmann::json& list_metadata);

// "5s", "3m2s", "4h", "2d" — kubectl's human durations.
std::string human_age(std::chrono::seconds age);

bool wants_table(const std::string& accept);

}  // namespace bg::testserver
