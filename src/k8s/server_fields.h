// The metadata the API server writes and owns: uid, resourceVersion, generation,
// creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, managedFields, selfLink.
//
// A client never sends these (a server-side apply that carries them is refused or, worse, takes
// ownership of them), a diff never shows them (they change on every write and mean nothing to a
// person), and a server keeps them from the stored object whatever a replacement says. One list,
// so apply, diff, destroy, the test server and the fake agree on what belongs to the server.
#pragma once

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bg::k8s {

inline constexpr std::array<std::string_view, 8> kServerOwnedMetadata = {
    "uid",          "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
    "deletionGracePeriodSeconds", "managedFields", "selfLink"};

bool is_server_owned_metadata(std::string_view key);

// Removes the server's metadata from `object` (what a client sends back, or what a diff shows).
void strip_server_metadata(nlohmann::json& object);

// Gives `next` the server's metadata of `stored`: each field `stored` has is copied, each it lacks
// is removed, so a replacement cannot forge or drop what the server owns.
void keep_server_metadata(const nlohmann::json& stored, nlohmann::json& next);

}  // namespace bg::k8s
