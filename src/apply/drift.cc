#include "apply/drift.h"

#include <openssl/sha.h>

#include <fmt/format.h>

#include "k8s/json_view.h"

namespace bg::apply {
namespace {

std::string hash_of(const nlohmann::json& j) {
  std::string text = j.dump();  // keys sorted by nlohmann's object map: one text per value
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  std::string hex;
  for (int i = 0; i < 16; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

nlohmann::json without_hash(nlohmann::json o) {
  if (auto m = o.find("metadata"); m != o.end() && m->is_object())
    if (auto a = m->find("annotations"); a != m->end() && a->is_object()) {
      a->erase(kAppliedHashAnnotation);
      if (a->empty()) m->erase(a);
    }
  return o;
}

std::string annotation(const nlohmann::json& o) {
  return k8s::JsonView(o)["metadata"]["annotations"][kAppliedHashAnnotation].str();
}

}  // namespace

nlohmann::json with_applied_hash(nlohmann::json desired) {
  std::string h = hash_of(without_hash(desired));
  desired["metadata"]["annotations"][kAppliedHashAnnotation] = h;
  return desired;
}

bool is_subset(const nlohmann::json& part, const nlohmann::json& whole) {
  if (part.is_object()) {
    if (!whole.is_object()) return false;
    for (const auto& [key, value] : part.items()) {
      auto it = whole.find(key);
      // The API server drops empty lists and maps (omitempty): `ports: []` sent is no field live.
      if (it == whole.end()) {
        if ((value.is_array() || value.is_object()) && value.empty()) continue;
        return false;
      }
      if (!is_subset(value, *it)) return false;
    }
    return true;
  }
  if (part.is_array()) {
    if (!whole.is_array() || whole.size() != part.size()) return false;
    for (std::size_t i = 0; i < part.size(); ++i)
      if (!is_subset(part[i], whole[i])) return false;
    return true;
  }
  // 1 and 1.0 are the same number to the API server.
  if (part.is_number() && whole.is_number()) return part.get<double>() == whole.get<double>();
  // A resource quantity sent as a number comes back as the server's string for it ("1").
  if (part.is_number_integer() && whole.is_string()) return part.dump() == whole.get<std::string>();
  return part == whole;
}

WriteNeed write_need(const nlohmann::json& desired, const nlohmann::json& live) {
  if (live.is_null()) return WriteNeed::kCreate;
  if (annotation(live) != annotation(desired) || annotation(desired).empty()) return WriteNeed::kUpdate;
  return is_subset(desired, live) ? WriteNeed::kNone : WriteNeed::kUpdate;
}

}  // namespace bg::apply
