#include "catalog/catalog.h"

#include <cstdio>

#include "catalog/blueprint_reader.h"
#include "common/embedded.h"
#include "yaml/loader.h"

namespace bg::catalog {

const PortDef* Blueprint::find_port(const std::string& n) const {
  for (const PortDef& p : ports)
    if (p.name == n) return &p;
  return nullptr;
}

const DependencyDef* Blueprint::dependency(const std::string& component) const {
  for (const DependencyDef& d : depends_on)
    if (d.component == component) return &d;
  return nullptr;
}

std::string FileDef::key() const { return path.substr(path.rfind('/') + 1); }

std::string_view workload_name(WorkloadKind k) {
  switch (k) {
    case WorkloadKind::kNone: return "none";
    case WorkloadKind::kDeployment: return "Deployment";
    case WorkloadKind::kStatefulSet: return "StatefulSet";
    case WorkloadKind::kDaemonSet: return "DaemonSet";
  }
  return "none";
}

bool Catalog::add(std::string_view text, const std::string& file, Diagnostics& diags) {
  yaml::LoadResult parsed = yaml::load(text, file);
  diags.append(parsed.diagnostics);
  if (parsed.diagnostics.has_errors() || parsed.documents.size() != 1) {
    if (!parsed.diagnostics.has_errors()) diags.error({file, 1, 1}, "a blueprint file holds exactly one document", "split it into one file per blueprint");
    return false;
  }
  Blueprint bp;
  if (!read_blueprint(parsed.documents[0].root, file, diags, bp)) return false;
  if (blueprints_.count(bp.name)) {
    diags.error({file, 1, 1}, "blueprint \"" + bp.name + "\" is defined twice", "rename one of them");
    return false;
  }
  blueprints_.emplace(bp.name, std::move(bp));
  return true;
}

const Catalog& Catalog::builtin() {
  static const Catalog* catalog = [] {
    auto* c = new Catalog;
    Diagnostics diags;
    for (std::size_t i = 0; i < bg_embedded_blueprints_count; ++i) {
      const EmbeddedFile& f = bg_embedded_blueprints[i];
      c->add(f.bytes, "catalog/" + std::string(f.name), diags);
    }
    // A broken built-in blueprint is our bug; catalog_test.cc proves there is none. Reporting it
    // here too keeps a bad build from silently dropping a component.
    c->check_edges(diags);
    if (diags.has_errors()) fprintf(stderr, "%s", render_diagnostics(diags, {}, false).c_str());
    return c;
  }();
  return *catalog;
}

const Blueprint* Catalog::find(std::string_view name) const {
  auto it = blueprints_.find(name);
  return it == blueprints_.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalog::names() const {
  std::vector<std::string> out;
  for (const auto& [n, bp] : blueprints_) out.push_back(n);
  return out;
}

}  // namespace bg::catalog
