#include "render/service_ports.h"

namespace bg::render {

std::vector<int> service_ports(const platform::Component& c) {
  std::vector<int> out;
  const catalog::Blueprint& bp = *c.blueprint;
  for (const catalog::PortDef& p : bp.ports) {
    bool metrics_only = bp.metrics && bp.metrics->first == p.name && p.name == "metrics";
    if (!metrics_only) out.push_back(p.port);
  }
  return out;
}

}  // namespace bg::render
