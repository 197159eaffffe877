// API groups and versions: the apiVersion an object carries, split into its group and version,
// and the group/kind pair that names a kind whatever version serves it.
//
// `apps/v1` is group "apps", version "v1"; `v1` is the core group "" and version "v1". Identity
// in Kubernetes is by group, not version (apps/v1 and apps/v1beta2 name the same Deployment), so
// code that compares objects uses group_of() and GroupKind; code that talks to a server needs the
// whole apiVersion. parse() refuses what the API server refuses ("", "a/b/c", "/v1", "apps/");
// group_of() never fails, for objects of any shape (a missing apiVersion is the core group).
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "common/result.h"

namespace bg::k8s {

// The group part of an apiVersion ("apps/v1" -> "apps", "v1" -> "", "" -> "").
std::string_view group_of(std::string_view api_version);
// The version part ("apps/v1" -> "v1", "v1" -> "v1").
std::string_view version_of(std::string_view api_version);
// The apiVersion of a group and version ("apps", "v1" -> "apps/v1"; "", "v1" -> "v1").
std::string api_version_of(std::string_view group, std::string_view version);

struct GroupVersion {
  std::string group;    // "" for the core group
  std::string version;

  // "apps/v1", "v1"; an error names what is wrong with the text.
  static Result<GroupVersion> parse(std::string_view api_version);
  std::string str() const { return api_version_of(group, version); }
  friend auto operator<=>(const GroupVersion&, const GroupVersion&) = default;
};

struct GroupKind {
  std::string group;  // "" for the core group
  std::string kind;

  static GroupKind of(std::string_view api_version, std::string_view kind);
  // The inverse of str(): "Deployment.apps" -> {"apps", "Deployment"}, "Secret" -> {"", "Secret"}.
  static GroupKind parse(std::string_view kind_dot_group);
  // "Deployment.apps", "Secret": the form ApplySet annotations and kubectl use.
  std::string str() const;
  // "apps/Deployment", "/Secret": a key that keeps the core group visible.
  std::string key() const { return group + "/" + kind; }
  friend auto operator<=>(const GroupKind&, const GroupKind&) = default;
};

}  // namespace bg::k8s
