// What `betelgeuse diff` shows for one object: live against what apply would make of it.
//
// The right side comes from a server-side apply with dryRun=All, so defaults the server fills in
// appear on both sides and cancel out. What remains noise is removed from both: managedFields,
// status, and the fields only the server writes (uid, resourceVersion, generation,
// creationTimestamp, kubectl's last-applied annotation, our applied-hash annotation). Secret values never appear: every value
// under data and stringData is replaced by a mask that still tells a person whether it changed
// ("***" when equal, "*** (before)"/"*** (after)" when not), exactly as kubectl diff does.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/text_diff.h"

namespace bg::apply {

// The object without server-written noise.
nlohmann::json without_noise(const nlohmann::json& object);

// Masks Secret values on both sides in place (no-op for other kinds).
void redact_secrets(nlohmann::json& live, nlohmann::json& merged);

// A unified diff of the two as YAML ("" when equal). `live` null means the object is new,
// `merged` null that it would be deleted. Labels name the object ("apps/v1 Deployment db/postgres").
std::string object_diff(const nlohmann::json& live, const nlohmann::json& merged, const std::string& label,
                        DiffOptions options = {});

}  // namespace bg::apply
