// Ownership as kubectl understands it: an ApplySet (KEP-3659).
//
// Betelgeuse owns exactly the objects that carry its ApplySet's part-of label. The parent is a
// Secret in the `betelgeuse-system` namespace (kubectl's default parent kind), whose labels and
// annotations list the group-kinds and namespaces the set spans, so `kubectl apply --prune
// --applyset` and `kubectl get -l applyset.kubernetes.io/part-of=<id>` see the same set we do,
// and prune never has to guess: it deletes only labelled objects of the listed group-kinds.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "manifest/object.h"

namespace bg::apply {

inline constexpr const char* kApplySetIdLabel = "applyset.kubernetes.io/id";
inline constexpr const char* kPartOfLabel = "applyset.kubernetes.io/part-of";
inline constexpr const char* kToolingAnnotation = "applyset.kubernetes.io/tooling";
inline constexpr const char* kGroupKindsAnnotation = "applyset.kubernetes.io/contains-group-kinds";
inline constexpr const char* kNamespacesAnnotation = "applyset.kubernetes.io/additional-namespaces";

struct ApplySetParent {
  std::string group;  // "" for the core group
  std::string kind = "Secret";
  std::string ns = "betelgeuse-system";
  std::string name;   // "betelgeuse-<platform name>"
};

// "applyset-<base64url(sha256(name.namespace.kind.group)), no padding>-v1", as KEP-3659 defines.
std::string applyset_id(const ApplySetParent& parent);

// Labels every member with part-of; returns the parent object, whose annotations list every
// group-kind and every namespace (other than the parent's own) of the members. `tooling` is
// "betelgeuse/<version>".
manifest::Object label_members(std::vector<manifest::Object>& members, const ApplySetParent& parent,
                               const std::string& tooling);

// The group-kinds and namespaces a live parent says the set spans (what prune must list), read
// back from its annotations.
struct ApplySetScope {
  std::set<std::string> group_kinds;
  std::set<std::string> namespaces;
};
ApplySetScope scope_of(const nlohmann::json& parent);

// Writes `scope` into a parent's annotations (the inverse of scope_of).
void set_scope(nlohmann::json& parent, const ApplySetScope& scope);

// The union of two scopes.
ApplySetScope merged(ApplySetScope a, const ApplySetScope& b);

}  // namespace bg::apply
