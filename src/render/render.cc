#include "render/render.h"

#include "render/context.h"

namespace bg::render {

manifest::ObjectSet render(const platform::Platform& platform) {
  manifest::ObjectSet out;
  RenderContext ctx{platform, out};
  render_namespaces(ctx);
  render_storage_class(ctx);
  for (const platform::Component& c : platform.components) {
    render_config(ctx, c);
    render_workload(ctx, c);
    render_rbac(ctx, c);
    render_storage(ctx, c);
    render_access(ctx, c);
    render_expose(ctx, c);
    render_issuers(ctx, c);
    render_isolation(ctx, c);
    render_provision(ctx, c);
    render_scraping(ctx, c);
  }
  out.sort();
  return out;
}

}  // namespace bg::render
