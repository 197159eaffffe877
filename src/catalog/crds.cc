#include "catalog/crds.h"

#include <map>
#include <string>

#include "common/embedded.h"

namespace bg::catalog {

const nlohmann::json* find_crd(std::string_view file) {
  // A built-in file that does not parse is a bug in Betelgeuse; the catalog's tests render every
  // CRD, so it cannot ship. Parsing all at once keeps the lookup lock-free afterwards.
  static const std::map<std::string, nlohmann::json, std::less<>> crds = [] {
    std::map<std::string, nlohmann::json, std::less<>> out;
    for (std::size_t i = 0; i < bg_embedded_crds_count; ++i) {
      const EmbeddedFile& f = bg_embedded_crds[i];
      out.emplace(std::string(f.name), nlohmann::json::parse(f.bytes, nullptr, false));
    }
    return out;
  }();
  auto it = crds.find(file);
  return it == crds.end() || it->second.is_discarded() ? nullptr : &it->second;
}

}  // namespace bg::catalog
