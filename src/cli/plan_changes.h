// The live half of `betelgeuse plan --kubeconfig`: what apply would do to the cluster, wave by wave.
//
// plan without a cluster says what the platform is; with one it also says what would change, in
// the waves apply would use: objects to create and to update, how many are already converged, what
// prune would delete and what it would keep for its data. It is a summary, not a diff (that is
// `betelgeuse diff`), so it reads objects but never asks the server for a dry run.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "apply/preview.h"

namespace bg::cli {

// {"waves":[{"name","create":[..],"update":[..],"unchanged":N}], "prune":[..], "keep":[..], "totals":{..}}
nlohmann::json plan_changes_json(const apply::Preview& p);

// A table of counts per wave, then each object to create (+), update (~) or prune (-), then one line
// "Plan: N to create, N to update, N unchanged, N to prune", then the kinds the cluster does not
// serve, if any, with their objects.
std::string plan_changes_text(const apply::Preview& p, bool color);

}  // namespace bg::cli
