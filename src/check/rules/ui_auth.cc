// ui-auth: sensitive UIs sit behind authentication. An admin console, a notebook server or a
// workflow UI on a public host name is a remote shell for whoever finds it first.
//
// What is sensitive: an Ingress or route annotated betelgeuse.io/sensitive: "true", or one whose
// name or backend Service is a well-known admin UI (kSensitiveUis). What counts as authentication:
// ingress-nginx basic/digest auth with an auth-secret, ingress-nginx external auth (auth-url, as
// oauth2-proxy or Keycloak use), a Traefik middleware chain, or on Gateway API routes an
// ExternalAuth or ExtensionRef filter on every rule. Basic auth switched on without its secret is
// reported on any Ingress: ingress-nginx then refuses every request or, worse, is misread as safe.
#include <algorithm>
#include <iterator>

#include "check/rules/rules.h"

namespace bg::check::rules {
namespace {

constexpr std::string_view kSensitiveUis[] = {
    "prometheus",   "alertmanager",  "kibana",          "argo-server",     "argo-workflows-server",
    "argocd-server", "minio-console", "jupyter",        "jupyterhub",      "label-studio",
    "mlflow",       "n8n",           "pgadmin",         "kafka-ui",        "akhq",
    "redpanda-console", "neo4j",     "elasticsearch",   "opensearch-dashboards", "kubernetes-dashboard",
    "hubble-ui",    "longhorn-frontend", "traefik-dashboard", "rabbitmq",  "airflow-webserver",
    "phpmyadmin",   "adminer",       "mongo-express",   "redis-commander", "vault-ui",
};

bool is_sensitive_name(std::string_view name) {
  return std::any_of(std::begin(kSensitiveUis), std::end(kSensitiveUis), [&](std::string_view ui) {
    if (name == ui) return true;
    if (name.size() > ui.size() && name.substr(0, ui.size()) == ui && name[ui.size()] == '-') return true;
    return name.size() > ui.size() && name.substr(name.size() - ui.size()) == ui && name[name.size() - ui.size() - 1] == '-';
  });
}

// Why the object is sensitive, or "" when it is not.
std::string sensitivity(const Subject& s, const std::vector<std::string>& backends) {
  if (str(field(s.annotations(), "betelgeuse.io/sensitive")) == "true") return "annotated betelgeuse.io/sensitive";
  for (const std::string& b : backends)
    if (is_sensitive_name(b)) return "backend Service \"" + b + "\" is an admin UI";
  if (is_sensitive_name(s.name())) return "\"" + s.name() + "\" is an admin UI";
  return "";
}

const std::string kHint =
    "add nginx.ingress.kubernetes.io/auth-type: basic with auth-secret, or auth-url for SSO (oauth2-proxy, "
    "Keycloak); if this UI is meant to be public, suppress with a reason";

void ingress_auth(const ObjectContext& c, Out& out) {
  const Subject& s = c.subject;
  const Value* ann = s.annotations();
  std::string_view type = str(field(ann, "nginx.ingress.kubernetes.io/auth-type"));
  bool basic = (type == "basic" || type == "digest") && !str(field(ann, "nginx.ingress.kubernetes.io/auth-secret")).empty();
  if (!type.empty() && !basic)
    out.add("ui-auth", {"metadata", "annotations", "nginx.ingress.kubernetes.io/auth-type"},
            "auth-type \"" + std::string(type) + "\" is set without nginx.ingress.kubernetes.io/auth-secret",
            "name the Secret holding the htpasswd lines (key \"auth\") in nginx.ingress.kubernetes.io/auth-secret",
            true);
  bool authenticated = basic || !str(field(ann, "nginx.ingress.kubernetes.io/auth-url")).empty() ||
                       !str(field(ann, "traefik.ingress.kubernetes.io/router.middlewares")).empty();
  if (authenticated) return;
  std::vector<std::string> backends;
  const Value* spec = s.spec();
  if (auto d = str(dig(spec, {"defaultBackend", "service", "name"})); !d.empty()) backends.emplace_back(d);
  std::string first_host;
  Path where = {"metadata", "name"};
  const Value* rules = field(spec, "rules");
  if (is_array(rules)) {
    for (std::size_t i = 0; i < rules->items.size(); ++i) {
      const Value& r = rules->items[i];
      if (first_host.empty() && !str(field(r, "host")).empty()) {
        first_host = std::string(str(field(r, "host")));
        where = {"spec", "rules", std::to_string(i), "host"};
      }
      const Value* paths = dig(&r, {"http", "paths"});
      if (!is_array(paths)) continue;
      for (const Value& p : paths->items)
        if (auto n = str(dig(&p, {"backend", "service", "name"})); !n.empty()) backends.emplace_back(n);
    }
  }
  std::string why = sensitivity(s, backends);
  if (why.empty()) return;
  std::string what = first_host.empty() ? "Ingress \"" + s.name() + "\"" : "\"" + first_host + "\"";
  out.add("ui-auth", where, "sensitive UI " + what + " has no authentication in front of it (" + why + ")", kHint);
}

void route(const ObjectContext& c, Out& out) {
  const Subject& s = c.subject;
  const Value* rules = field(s.spec(), "rules");
  if (!is_array(rules)) return;
  std::vector<std::string> backends;
  bool all_guarded = !rules->items.empty();
  for (const Value& r : rules->items) {
    bool guarded = false;
    const Value* filters = field(r, "filters");
    if (is_array(filters))
      for (const Value& f : filters->items) {
        std::string_view t = str(field(f, "type"));
        guarded = guarded || t == "ExternalAuth" || t == "ExtensionRef";
      }
    all_guarded = all_guarded && guarded;
    const Value* refs = field(r, "backendRefs");
    if (is_array(refs))
      for (const Value& b : refs->items)
        if (auto n = str(field(b, "name")); !n.empty()) backends.emplace_back(n);
  }
  if (all_guarded) return;
  std::string why = sensitivity(s, backends);
  if (why.empty()) return;
  const Value* hostnames = field(s.spec(), "hostnames");
  std::string_view host = items(hostnames).empty() ? std::string_view() : str(&hostnames->items[0]);
  std::string what = host.empty() ? s.kind() + " \"" + s.name() + "\"" : "\"" + std::string(host) + "\"";
  out.add("ui-auth", host.empty() ? Path{"metadata", "name"} : Path{"spec", "hostnames", "0"},
          "sensitive UI " + what + " has no authentication in front of it (" + why + ")",
          "add an ExternalAuth (or implementation-specific ExtensionRef) filter to every rule of the route");
}

}  // namespace

void ui_auth(const ObjectContext& c, Out& out) {
  const Subject& s = c.subject;
  if ((s.id.group() == "networking.k8s.io" || s.id.group() == "extensions") && s.kind() == "Ingress") ingress_auth(c, out);
  if (s.id.group() == "gateway.networking.k8s.io" && (s.kind() == "HTTPRoute" || s.kind() == "GRPCRoute")) route(c, out);
}

}  // namespace bg::check::rules
