// The config trait: a blueprint's configuration files become one ConfigMap, `<component>-config`,
// which the workload trait mounts file by file (subPath) at each file's path. Files are expanded
// with the platform's variables (${svc:…}, ${domain}, …), and a file `when` another component exists
// only while that component is enabled (and lines between `${when:NAME}` and `${end}` only while
// NAME is), so switching a component off also removes every
// configuration that pointed at it (Grafana's datasources, for one).
#include "render/context.h"

namespace bg::render {

void render_config(const RenderContext& ctx, const platform::Component& c) {
  if (c.blueprint->workload == catalog::WorkloadKind::kNone) return;
  std::vector<RenderedFile> files = config_files(ctx.platform, c);
  if (files.empty()) return;
  Json data = Json::object();
  for (const RenderedFile& f : files) data[f.def->key()] = f.content;
  ctx.add({{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", meta(config_map_name(c), c.ns)}, {"data", data}},
          &c, "config");
}

}  // namespace bg::render
