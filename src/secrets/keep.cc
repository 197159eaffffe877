#include "secrets/keep.h"

#include "secrets/generate.h"

namespace bg::secrets {
namespace {

std::string decoded(const nlohmann::json& data, const std::string& key) {
  if (!data.contains(key) || !data[key].is_string()) return "";
  return base64_decode(data[key].get<std::string>()).value_or("");
}

}  // namespace

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
  std::string derived = fresh.value(kDerivedHtpasswd, "");
  r.secret.erase(kDerivedHtpasswd);

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
  // The htpasswd line follows the final username and password — kept ones included — and costs a
  // bcrypt only when the cluster does not hold it yet.
  if (!derived.empty() && !merged.contains(derived)) {
    Result<std::string> line = htpasswd_line(decoded(merged, "username"), decoded(merged, "password"));
    // bcrypt does not fail on valid input; if it did, the key stays absent and nginx denies everyone.
    if (line) {
      merged[derived] = base64_encode(line.value() + "\n");
      r.created.push_back(derived);
    }
  }
  r.secret["data"] = merged;
  return r;
}

}  // namespace bg::secrets
