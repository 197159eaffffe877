#include "render/render.h"

#include "render/auth_proxy.h"
#include "render/context.h"
#include "render/gateway.h"

namespace bg::render {

manifest::ObjectSet render(const platform::Platform& platform) {
  manifest::ObjectSet out;
  RenderContext ctx{platform, out};
  render_namespaces(ctx);
  render_storage_class(ctx);
  render_gateway(ctx);
  for (const platform::Component& c : platform.components) {
    render_crds(ctx, c);
    render_config(ctx, c);
    render_workload(ctx, c);
    render_rbac(ctx, c);
    render_webhooks(ctx, c);
    render_storage(ctx, c);
    render_access(ctx, c);
    render_expose(ctx, c);
    render_gateway_routes(ctx, c);
    render_auth_proxy(ctx, c);
    render_sso(ctx, c);
    render_issuers(ctx, c);
    render_tcp_tls(ctx, c);
    render_isolation(ctx, c);
    render_provision(ctx, c);
    render_scraping(ctx, c);
  }
  out.sort();
  return out;
}

}  // namespace bg::render
