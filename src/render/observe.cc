// The observe trait, network half: the metrics scraper (a component that provides `metrics-scraper`,
// Prometheus) reaches exactly the metrics port of every component that declares one, and each of
// those components admits the scraper on that port only; a component on the node's network
// (hostNetwork) is reached at the nodes' addresses as well. Which pods are scraped is decided by the
// scrape annotations the workload trait puts on pod templates; this trait only opens the paths.
#include <set>

#include "render/context.h"

namespace bg::render {
namespace {

int metrics_port(const platform::Component& c) {
  const catalog::Blueprint& bp = *c.blueprint;
  if (!bp.metrics || bp.workload == catalog::WorkloadKind::kNone) return 0;
  return bp.find_port(bp.metrics->first)->port;
}

}  // namespace

void render_scraping(const RenderContext& ctx, const platform::Component& c) {
  const platform::Component* scraper = ctx.platform.provider("metrics-scraper");
  if (!scraper || c.blueprint->workload == catalog::WorkloadKind::kNone) return;
  if (int port = metrics_port(c)) {
    Json in = {{"apiVersion", "networking.k8s.io/v1"}, {"kind", "NetworkPolicy"},
               {"metadata", meta(c.name + "-from-" + scraper->name, c.ns)},
               {"spec", {{"podSelector", {{"matchLabels", selector_labels(c.name)}}},
                         {"policyTypes", Json::array({"Ingress"})},
                         {"ingress", Json::array({{{"from", Json::array({pod_peer(scraper->ns, selector_labels(scraper->name))})},
                                                   {"ports", Json::array({{{"protocol", "TCP"}, {"port", port}}})}}})}}}};
    ctx.add(std::move(in), &c, "observe");
  }
  if (&c != scraper) return;
  Json egress = Json::array();
  for (const platform::Component& target : ctx.platform.components) {
    if (int port = metrics_port(target)) {
      Json to = Json::array({pod_peer(target.ns, selector_labels(target.name))});
      if (target.blueprint->host_network)  // on the node's network: at the nodes' addresses
        for (Json& node : node_peers(ctx.platform, false)) to.push_back(std::move(node));
      egress.push_back({{"to", to}, {"ports", Json::array({{{"protocol", "TCP"}, {"port", port}}})}});
    }
  }
  if (egress.empty()) return;
  ctx.add({{"apiVersion", "networking.k8s.io/v1"}, {"kind", "NetworkPolicy"},
           {"metadata", meta(c.name + "-to-metrics", c.ns)},
           {"spec", {{"podSelector", {{"matchLabels", selector_labels(c.name)}}},
                     {"policyTypes", Json::array({"Egress"})}, {"egress", egress}}}},
          &c, "observe");
}

}  // namespace bg::render
