#include "secrets/keep.h"

#include "k8s/json_view.h"
#include "secrets/generate.h"

namespace bg::secrets {
namespace {

using k8s::JsonView;

std::string decoded(JsonView data, const char* key) { return base64_decode(data[key].str()).value_or(""); }

}  // namespace

KeptSecret keep_existing(const nlohmann::json& fresh, const nlohmann::json& live, bool rotate) {
  KeptSecret r;
  r.rotated = rotate && live.is_object();
  r.secret = fresh;
  nlohmann::json data = nlohmann::json::object();
  // Fresh values first (stringData is plain text; data, if a caller built it so, is already base64).
  for (auto [key, value] : JsonView(fresh)["data"].members()) data[std::string(key)] = value.copy();
  for (auto [key, value] : JsonView(fresh)["stringData"].members())
    if (value.is_string()) data[std::string(key)] = base64_encode(value.str());
  r.secret.erase("stringData");
  std::string derived = JsonView(fresh)[kDerivedHtpasswd].str();
  r.secret.erase(kDerivedHtpasswd);

  nlohmann::json merged = nlohmann::json::object();
  if (!rotate)
    for (auto [key, value] : JsonView(live)["data"].members()) {
      merged[std::string(key)] = value.copy();  // every live key, even ones the blueprint no longer lists: nothing is lost
      r.kept.emplace_back(key);
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
