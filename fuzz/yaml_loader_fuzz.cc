// libFuzzer target for the YAML loader, the boundary where untrusted bytes enter Betelgeuse.
//
// Any input must load without crashing, hanging or leaking; errors must come without documents and
// with a place, a message and a hint. Whatever loads must also convert to JSON that dumps as valid
// UTF-8, and survive the writer: load(to_yaml(json)) gives the same JSON back. The node budget is
// smaller than the default so that alias-heavy inputs stay fast; the limit logic is the same.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "manifest/yaml_writer.h"
#include "yaml/loader.h"

namespace {

bool same(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_number_float()) {
    double x = a.get<double>(), y = b.get<double>();
    return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof x) == 0;
  }
  if (a.is_array() || a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (a.is_object() && ia.key() != ib.key()) return false;
      if (!same(*ia, *ib)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bg::yaml::LoadLimits limits;
  limits.max_nodes = 1 << 16;
  bg::yaml::LoadResult r = bg::yaml::load(text, "fuzz.yaml", limits);
  if (r.diagnostics.has_errors() && !r.documents.empty()) std::abort();
  for (const bg::Diagnostic& d : r.diagnostics) {
    if (d.loc.line < 1 || d.loc.col < 1 || d.message.empty() || d.hints.empty()) std::abort();
  }
  for (const bg::yaml::Document& doc : r.documents) {
    nlohmann::json j = bg::yaml::to_json(doc.root);
    (void)j.dump();  // throws (and so fails) on invalid UTF-8 in any string
    std::string again = bg::manifest::to_yaml(j);
    bg::yaml::LoadResult back = bg::yaml::load(again, "again.yaml");
    if (!back.diagnostics.empty() || back.documents.size() != 1) std::abort();
    if (!same(bg::yaml::to_json(back.documents[0].root), j)) std::abort();
  }
  return 0;
}
