// JSON to yaml::Node: how Betelgeuse's own rendered objects (JSON trees) enter the checker, which
// works on Nodes. The inverse of yaml::to_json for every value it produces: mapping entries come in
// key order, numbers keep their kind, and marks stay unknown (0:0) — a rendered object has no file.
#pragma once

#include <nlohmann/json.hpp>

#include "yaml/node.h"

namespace bg::check {

yaml::Node node_of(const nlohmann::json& value);

}  // namespace bg::check
