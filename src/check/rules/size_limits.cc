// too-large: objects within the API server's size limits. A ConfigMap or Secret holds at most 1 MiB
// of data, and an object's annotations at most 256 KiB; anything bigger is refused at apply time,
// usually in the middle of a rollout. Huge values are also how a hostile or broken input tries to
// exhaust a checker: this rule names them instead.
#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

constexpr std::size_t kMaxData = 1 << 20;          // ConfigMap and Secret data (apimachinery validation)
constexpr std::size_t kMaxAnnotations = 256 << 10;  // metadata.annotations, keys and values

std::size_t text_bytes(const Value* map, bool keys) {
  std::size_t n = 0;
  for (const auto& [key, value] : entries(map)) n += str(&value).size() + (keys ? key.text.size() : 0);
  return n;
}

}  // namespace

void size_limits(const ObjectContext& c, Out& out) {
  const Subject& s = c.subject;
  std::size_t annotations = text_bytes(s.annotations(), true);
  if (annotations > kMaxAnnotations)
    out.add("too-large", {"metadata", "annotations"},
            "the annotations hold " + std::to_string(annotations) + " bytes; the API server refuses more than " +
                std::to_string(kMaxAnnotations),
            "move large values into a ConfigMap or an external store");
  if (!s.id.group().empty() || (s.kind() != "ConfigMap" && s.kind() != "Secret")) return;
  std::size_t data = 0;
  for (const char* part : {"data", "binaryData", "stringData"}) data += text_bytes(field(s.body, part), true);
  if (data > kMaxData)
    out.add("too-large", {"data"},
            s.kind() + " data holds " + std::to_string(data) + " bytes; the API server refuses more than " +
                std::to_string(kMaxData),
            "split it into several objects, or keep large files in object storage (MinIO) or a volume");
}

}  // namespace bg::check::rules
