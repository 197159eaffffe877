#include "k8s/server_fields.h"

#include <algorithm>
#include <string>

namespace bg::k8s {

bool is_server_owned_metadata(std::string_view key) {
  return std::find(kServerOwnedMetadata.begin(), kServerOwnedMetadata.end(), key) != kServerOwnedMetadata.end();
}

void strip_server_metadata(nlohmann::json& object) {
  if (!object.is_object()) return;
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return;
  for (std::string_view key : kServerOwnedMetadata) meta->erase(std::string(key));
}

void keep_server_metadata(const nlohmann::json& stored, nlohmann::json& next) {
  if (!next.is_object()) return;
  nlohmann::json& meta = next["metadata"];
  if (!meta.is_object()) meta = nlohmann::json::object();
  const nlohmann::json* from = nullptr;
  if (stored.is_object())
    if (auto it = stored.find("metadata"); it != stored.end() && it->is_object()) from = &*it;
  for (std::string_view k : kServerOwnedMetadata) {
    std::string key(k);
    if (from && from->contains(key)) meta[key] = (*from)[key];
    else meta.erase(key);
  }
}

}  // namespace bg::k8s
