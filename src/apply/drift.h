// Does an object need a write? The answer that makes a second apply perform zero writes.
//
// Server-side apply of an unchanged object is cheap but is still a write request, and a daemon
// that converges every minute would send thousands of them. An object is left alone when two
// things hold: the live object carries the hash of exactly what we would send (so nothing was
// added to or removed from our intent since the last apply — removal matters, because a field we
// stop sending must be dropped by a new apply), and every field we send still has our value live
// (so nobody has edited our fields since: drift is corrected, not ignored). Fields the server or
// other managers add do not count: live may hold more than we send.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace bg::apply {

inline constexpr const char* kAppliedHashAnnotation = "betelgeuse.io/applied-hash";

enum class WriteNeed { kCreate, kUpdate, kNone };

// Returns `desired` with the applied-hash annotation set to the hash of everything else in it.
nlohmann::json with_applied_hash(nlohmann::json desired);

// `desired` as with_applied_hash() returned it; `live` null when absent.
WriteNeed write_need(const nlohmann::json& desired, const nlohmann::json& live);

// True when every field of `part` is present in `whole` with the same value (arrays element-wise).
bool is_subset(const nlohmann::json& part, const nlohmann::json& whole);

}  // namespace bg::apply
