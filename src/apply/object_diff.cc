#include "apply/object_diff.h"

#include "apply/drift.h"
#include "k8s/json_view.h"
#include "k8s/server_fields.h"
#include "manifest/yaml_writer.h"

namespace bg::apply {
namespace {

using Json = nlohmann::json;

bool is_secret(const Json& o) {
  k8s::JsonView object(o);
  return object["kind"].str() == "Secret" && object["apiVersion"].str() == "v1";
}

}  // namespace

Json without_noise(const Json& object) {
  if (!object.is_object()) return object;
  Json o = object;
  o.erase("status");
  k8s::strip_server_metadata(o);
  if (auto m = o.find("metadata"); m != o.end() && m->is_object())
    if (auto a = m->find("annotations"); a != m->end() && a->is_object()) {
      a->erase("kubectl.kubernetes.io/last-applied-configuration");
      a->erase("deployment.kubernetes.io/revision");
      a->erase(kAppliedHashAnnotation);  // our bookkeeping: it changes whenever anything does
      if (a->empty()) m->erase(a);
    }
  return o;
}

void redact_secrets(Json& live, Json& merged) {
  for (const char* field : {"data", "stringData"}) {
    Json* before = is_secret(live) && live.contains(field) && live[field].is_object() ? &live[field] : nullptr;
    Json* after = is_secret(merged) && merged.contains(field) && merged[field].is_object() ? &merged[field] : nullptr;
    // Decide every mask from the original values first, then overwrite both sides.
    Json before_masks = Json::object(), after_masks = Json::object();
    if (before)
      for (auto& [key, value] : before->items()) {
        bool same = after && after->contains(key) && (*after)[key] == value;
        before_masks[key] = same ? "***" : "*** (before)";
      }
    if (after)
      for (auto& [key, value] : after->items()) {
        bool same = before && before->contains(key) && (*before)[key] == value;
        after_masks[key] = same ? "***" : "*** (after)";
      }
    if (before) *before = before_masks;
    if (after) *after = after_masks;
  }
}

std::string object_diff(const Json& live, const Json& merged, const std::string& label, DiffOptions options) {
  Json before = live.is_null() ? live : without_noise(live);
  Json after = merged.is_null() ? merged : without_noise(merged);
  redact_secrets(before, after);
  std::string a = before.is_null() ? "" : manifest::to_yaml(before);
  std::string b = after.is_null() ? "" : manifest::to_yaml(after);
  return unified_diff(a, b, before.is_null() ? "/dev/null" : "live/" + label, after.is_null() ? "/dev/null" : "merged/" + label,
                      options);
}

}  // namespace bg::apply
