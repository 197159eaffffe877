#include "apply/applyset.h"

#include <openssl/sha.h>

#include "k8s/json_view.h"

namespace bg::apply {
namespace {

std::string base64url_unpadded(const unsigned char* data, std::size_t n) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < n; i += 3) {
    unsigned v = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
  }
  if (n - i == 1) {
    unsigned v = data[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (n - i == 2) {
    unsigned v = (data[i] << 16) | (data[i + 1] << 8);
    for (int shift : {18, 12, 6}) out += kAlphabet[(v >> shift) & 63];
  }
  return out;
}

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::set<std::string> split(const std::string& s) {
  std::set<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.insert(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string applyset_id(const ApplySetParent& p) {
  std::string unencoded = p.name + "." + p.ns + "." + p.kind + "." + p.group;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(unencoded.data()), unencoded.size(), digest);
  return "applyset-" + base64url_unpadded(digest, sizeof digest) + "-v1";
}

manifest::Object label_members(std::vector<manifest::Object>& members, const ApplySetParent& parent,
                               const std::string& tooling) {
  std::string id = applyset_id(parent);
  std::set<std::string> kinds, namespaces;
  for (manifest::Object& m : members) {
    m.body["metadata"]["labels"][kPartOfLabel] = id;
    kinds.insert(m.id().group_kind().str());
    if (!m.ns().empty() && m.ns() != parent.ns) namespaces.insert(m.ns());
  }
  manifest::Object p;
  p.from.trait = "inventory";
  p.body = {{"apiVersion", k8s::api_version_of(parent.group, "v1")},
            {"kind", parent.kind},
            {"metadata",
             {{"name", parent.name},
              {"namespace", parent.ns},
              {"labels", {{kApplySetIdLabel, id}}},
              {"annotations",
               {{kToolingAnnotation, tooling},
                {kGroupKindsAnnotation, join(kinds)},
                {kNamespacesAnnotation, join(namespaces)}}}}}};
  if (parent.kind == "Secret") p.body["type"] = "Opaque";  // holds no data: the Secret is only a parent
  return p;
}

ApplySetScope scope_of(const nlohmann::json& parent) {
  ApplySetScope scope;
  k8s::JsonView annotations = k8s::JsonView(parent)["metadata"]["annotations"];
  scope.group_kinds = split(annotations[kGroupKindsAnnotation].str());
  scope.namespaces = split(annotations[kNamespacesAnnotation].str());
  return scope;
}

void set_scope(nlohmann::json& parent, const ApplySetScope& scope) {
  parent["metadata"]["annotations"][kGroupKindsAnnotation] = join(scope.group_kinds);
  parent["metadata"]["annotations"][kNamespacesAnnotation] = join(scope.namespaces);
}

ApplySetScope merged(ApplySetScope a, const ApplySetScope& b) {
  a.group_kinds.insert(b.group_kinds.begin(), b.group_kinds.end());
  a.namespaces.insert(b.namespaces.begin(), b.namespaces.end());
  return a;
}

}  // namespace bg::apply
