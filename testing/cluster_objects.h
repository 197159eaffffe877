// What a live cluster holds, read the way a user would: the real kubectl listing every kind the
// server serves. It works the same on kube-testserver and on the real control plane, so tests that
// judge ownership, orphans, kept data or zero writes can run against either.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::testing {

// Every object of every listable kind (one version per group-kind), across namespaces. Fails the
// calling test (ADD_FAILURE) and returns what it could read when kubectl fails.
std::vector<nlohmann::json> cluster_objects(const std::string& kubeconfig);

// "apiVersion Kind namespace/name" of every object labelled as a member of the ApplySet `id`.
std::set<std::string> applyset_members(const std::vector<nlohmann::json>& objects, const std::string& id);

// The ApplySet id of the platform named `platform` (its parent Secret in betelgeuse-system).
std::string platform_applyset(const std::string& platform = "betelgeusebytes");

// What apply owns once it has converged on the platform text `spec`: the rendered objects and the
// Secrets it generates, as "apiVersion Kind namespace/name".
std::set<std::string> rendered_refs(const std::string& spec);

// Whether the ApplySet `id` owns exactly `want`: one line per problem, none when it does. Members
// are the labelled objects of the kinds its parent names (as kubectl counts them). What is
// owned beyond `want` must be data kept on purpose (prune.h: claims, volumes, generated Secrets, and
// the Namespaces that hold them); anything else is an orphan.
std::vector<std::string> ownership_problems(const std::vector<nlohmann::json>& objects, const std::string& id,
                                            const std::set<std::string>& want);

// The data of every Secret, by "apiVersion Kind namespace/name".
std::map<std::string, nlohmann::json> secret_values(const std::vector<nlohmann::json>& objects);

}  // namespace bg::testing
