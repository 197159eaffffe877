#include "secrets/keep.h"

#include <openssl/evp.h>

namespace bg::secrets {

std::string base64_encode(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

KeptSecret keep_existing(const nlohmann::json& fresh, const nlohmann::json& live, bool rotate) {
  KeptSecret r;
  r.rotated = rotate && live.is_object();
  r.secret = fresh;
  nlohmann::json data = nlohmann::json::object();
  // Fresh values first (stringData is plain text; data, if a caller built it so, is already base64).
  if (fresh.contains("data") && fresh["data"].is_object())
    for (const auto& [key, value] : fresh["data"].items()) data[key] = value;
  if (fresh.contains("stringData") && fresh["stringData"].is_object())
    for (const auto& [key, value] : fresh["stringData"].items())
      if (value.is_string()) data[key] = base64_encode(value.get<std::string>());
  r.secret.erase("stringData");

  const nlohmann::json* live_data = nullptr;
  if (!rotate && live.is_object() && live.contains("data") && live["data"].is_object()) live_data = &live["data"];
  nlohmann::json merged = nlohmann::json::object();
  if (live_data)
    for (const auto& [key, value] : live_data->items()) {
      merged[key] = value;  // every live key, even ones the blueprint no longer lists: nothing is lost
      r.kept.push_back(key);
    }
  for (const auto& [key, value] : data.items())
    if (!merged.contains(key)) {
      merged[key] = value;
      r.created.push_back(key);
    }
  r.secret["data"] = merged;
  return r;
}

}  // namespace bg::secrets
