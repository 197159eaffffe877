// Catalog-wide checks: what one blueprint says about another. A blueprint is read on its own, so
// its dependency edges and the provisioned credentials it reads can only be checked once the whole
// catalog is loaded: a required dependency names a known component, an edge's `set` overrides a
// literal key the provider provisions, and an env var reading `<dependency>/<key>` names a key the
// provider provisions. Optional edges may name a component that only another catalog adds. A part
// (`partOf`) names a known whole.
#include "catalog/catalog.h"

namespace bg::catalog {

void Catalog::check_edges(Diagnostics& diags) const {
  for (const auto& [name, bp] : blueprints_) {
    if (!bp.part_of.empty() && !find(bp.part_of))
      diags.error({bp.source, 1, 1}, "blueprint \"" + name + "\" is part of unknown component \"" + bp.part_of + "\"",
                  "name a component of the catalog in `partOf`");
    for (const DependencyDef& d : bp.depends_on) {
      const Blueprint* provider = find(d.component);
      if (!provider) {
        if (!d.optional)  // an optional edge may name a component of another catalog
          diags.error({bp.source, 1, 1}, "blueprint \"" + name + "\" depends on unknown component \"" + d.component + "\"",
                      "name a component of the catalog");
        continue;
      }
      for (const std::string& port : d.ports)
        if (!provider->find_port(port))
          diags.error({bp.source, 1, 1}, "blueprint \"" + name + "\" reaches port \"" + port + "\" of \"" + d.component +
                          "\", which has no such port", "name one of its `ports`");
      for (const auto& [key, value] : d.set) {
        bool known = false;
        if (provider->provision)
          for (const SecretKeyDef& k : provider->provision->keys) known |= k.key == key && k.generate.empty();
        if (!known)
          diags.error({bp.source, 1, 1}, "blueprint \"" + name + "\" sets \"" + key + "\" on its edge to \"" + d.component +
                          "\", which provisions no such literal key", "set only literal keys of the provider's `provision.keys`");
      }
    }
    if (bp.spawned_pods) {
      for (const auto& [component, port] : bp.spawned_pods->reaches) {
        const Blueprint* provider = find(component);
        if (provider && !provider->find_port(port))
          diags.error({bp.source, 1, 1}, "the spawned pods of \"" + name + "\" reach port \"" + port + "\" of \"" +
                          component + "\", which has no such port", "name one of its `ports`");
      }
    }
    for (const EnvDef& e : bp.env) {
      if (!e.when.empty() && !bp.dependency(e.when))
        diags.error({bp.source, 1, 1}, "env " + e.name + " of \"" + name + "\" is rendered `when` \"" + e.when +
                        "\", which it does not depend on", "add the component to `dependsOn` (optional: true)");
      if (!e.secret || !bp.dependency(e.secret->first)) continue;
      const Blueprint* provider = find(e.secret->first);
      bool known = false;
      if (provider && provider->provision)
        for (const SecretKeyDef& k : provider->provision->keys) known |= k.key == e.secret->second;
      if (provider && !known)
        diags.error({bp.source, 1, 1}, "env " + e.name + " of \"" + name + "\" refers to " + e.secret->first + "/" + e.secret->second +
                        ", which \"" + e.secret->first + "\" does not provision", "use a key of its `provision.keys`");
    }
  }
}

}  // namespace bg::catalog
