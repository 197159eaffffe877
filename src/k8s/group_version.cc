#include "k8s/group_version.h"

namespace bg::k8s {

std::string_view group_of(std::string_view api_version) {
  std::size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view() : api_version.substr(0, slash);
}

std::string_view version_of(std::string_view api_version) {
  std::size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? api_version : api_version.substr(slash + 1);
}

std::string api_version_of(std::string_view group, std::string_view version) {
  std::string out;
  if (!group.empty()) out.append(group).append("/");
  return out.append(version);
}

Result<GroupVersion> GroupVersion::parse(std::string_view api_version) {
  auto bad = [&](const char* why) {
    return Status::terminal("apiVersion \"" + std::string(api_version) + "\" " + why +
                            " (write \"v1\" for the core group or \"GROUP/VERSION\", e.g. \"apps/v1\")");
  };
  if (api_version.empty()) return bad("is empty");
  std::size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return GroupVersion{"", std::string(api_version)};
  if (api_version.find('/', slash + 1) != std::string_view::npos) return bad("has more than one \"/\"");
  if (slash == 0) return bad("has no group before \"/\"");
  if (slash + 1 == api_version.size()) return bad("has no version after \"/\"");
  return GroupVersion{std::string(api_version.substr(0, slash)), std::string(api_version.substr(slash + 1))};
}

GroupKind GroupKind::of(std::string_view api_version, std::string_view kind) {
  return {std::string(group_of(api_version)), std::string(kind)};
}

GroupKind GroupKind::parse(std::string_view text) {
  std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return {"", std::string(text)};
  return {std::string(text.substr(dot + 1)), std::string(text.substr(0, dot))};
}

std::string GroupKind::str() const { return group.empty() ? kind : kind + "." + group; }

}  // namespace bg::k8s
