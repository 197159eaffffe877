#include "platform/platform.h"

#include <algorithm>

namespace bg::platform {

bool Component::provides(std::string_view capability) const {
  const auto& p = blueprint->provides;
  return std::find(p.begin(), p.end(), capability) != p.end();
}

const Component* Platform::find(std::string_view n) const {
  for (const Component& c : components)
    if (c.name == n) return &c;
  return nullptr;
}

const Component* Platform::provider(std::string_view capability) const {
  for (const Component& c : components)
    if (c.provides(capability)) return &c;
  return nullptr;
}

std::string Platform::issuer_name() const {
  return issuer == spec::TlsIssuer::kStaging ? "letsencrypt-staging" : "letsencrypt-production";
}

}  // namespace bg::platform
