#include "platform/mesh.h"

#include <set>

namespace bg::platform {

std::map<std::string, Ipv4> allocate_mesh_addresses(const std::vector<spec::NodeSpec>& nodes, const Network& network,
                                                    const SourceLocation& mesh_cidr_loc, const Recorded& recorded,
                                                    Diagnostics& diags) {
  const Cidr& mesh = network.mesh;
  std::set<Ipv4> taken;
  std::map<std::string, Ipv4> chosen;
  std::set<std::string> refused;  // explicit addresses already reported: no second error for them
  for (const spec::NodeSpec& n : nodes) {
    if (!n.mesh_address.set) continue;
    std::optional<Ipv4> ip = Ipv4::parse(n.mesh_address.value);
    if (!ip || !mesh.has_host(*ip)) {
      diags.error(n.mesh_address.loc,
                  "meshAddress " + n.mesh_address.value + " is not a host address of meshCIDR " + mesh.str(),
                  "pick an address inside " + mesh.str() + ", or leave meshAddress out to get one allocated");
      refused.insert(n.name.value);
      continue;
    }
    taken.insert(*ip);
    chosen[n.name.value] = *ip;
  }
  // What the state recorded for nodes without an explicit address (also for nodes no longer in the
  // spec) stays theirs; an entry that is no longer a free host of the mesh is allocated anew.
  for (const auto& [name, text] : recorded.mesh_addresses) {
    if (chosen.count(name) || refused.count(name)) continue;
    std::optional<Ipv4> ip = Ipv4::parse(text);
    if (ip && mesh.has_host(*ip) && taken.insert(*ip).second) chosen[name] = *ip;
  }
  uint64_t next = 1;
  std::map<std::string, Ipv4> out;
  for (const spec::NodeSpec& n : nodes) {
    const std::string& name = n.name.value;
    if (refused.count(name)) continue;
    auto it = chosen.find(name);
    if (it == chosen.end()) {
      while (next < mesh.size() - 1 && taken.count(mesh.at(next))) ++next;
      if (next >= mesh.size() - 1) {
        diags.error(mesh_cidr_loc.known() ? mesh_cidr_loc : n.loc,
                    "meshCIDR " + mesh.str() + " has no free address for node " + name, "use a larger meshCIDR");
        break;
      }
      it = chosen.emplace(name, mesh.at(next)).first;
      taken.insert(mesh.at(next));
    }
    out[name] = it->second;
  }
  return out;
}

}  // namespace bg::platform
