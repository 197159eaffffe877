// The auth proxy (see auth_proxy.h): nginx with auth_basic in front of one UI.
#include "render/auth_proxy.h"

#include "render/gateway.h"

namespace bg::render {

std::optional<AuthProxy> auth_proxy(const platform::Platform& p, const platform::Component& c) {
  if (!c.ui) return std::nullopt;
  if (c.auth == spec::AuthMode::kSso) {
    const platform::Component* idp = p.find("keycloak");
    if (!idp) return std::nullopt;  // resolve reported it
    return AuthProxy{c.name + "-sso", idp->ns, kOauth2ProxyPort, "a Keycloak (OIDC) sign-in through oauth2-proxy"};
  }
  if (c.auth == spec::AuthMode::kBasic && p.gateway_api())
    return AuthProxy{c.name + "-auth", c.ns, kBasicAuthProxyPort,
                     "the password in Secret " + c.basic_auth_secret() + " (nginx auth_basic)"};
  return std::nullopt;
}

Json proxied_route_annotations(const AuthProxy& proxy) {
  return {{"betelgeuse.io/sensitive", "true"},
          {"betelgeuse.io/suppress.ui-auth", "every request passes " + proxy.ns + "/" + proxy.name + ", which asks for " +
                                                 proxy.guard + "; the access layer has no auth filter for it"}};
}

namespace {

// The Authorization header is the proxy's credential, not the UI's: it is cleared so the UI never
// sees (or logs) it, and so UIs with their own basic auth (Grafana) do not mistake it for theirs.
std::string nginx_conf(const platform::Component& c) {
  const platform::UiRoute& ui = *c.ui;
  std::string scheme = ui.backend_https ? "https" : "http";
  return "# Basic auth in front of " + c.name + " (Gateway API has no auth filter); written by betelgeuse.\n"
         "server {\n"
         "  listen " + std::to_string(kBasicAuthProxyPort) + ";\n"
         "  server_name _;\n"
         "  client_max_body_size 0;\n"
         "  location = /healthz {\n"
         "    auth_basic off;\n"
         "    access_log off;\n"
         "    return 200 \"ok\\n\";\n"
         "  }\n"
         "  location / {\n"
         "    auth_basic \"Authentication required: " + c.name + "\";\n"
         "    auth_basic_user_file /etc/nginx/htpasswd/auth;\n"
         "    proxy_pass " + scheme + "://" + ui.service + "." + c.ns + ".svc.cluster.local:" + std::to_string(ui.port) + ";\n"
         "    proxy_http_version 1.1;\n"
         "    proxy_set_header Host $host;\n"
         "    proxy_set_header Authorization \"\";\n"
         "    proxy_set_header Upgrade $http_upgrade;\n"
         "    proxy_set_header Connection $http_connection;\n"
         "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
         "    proxy_set_header X-Forwarded-Proto https;\n"
         "    proxy_read_timeout 3600s;\n"
         "  }\n"
         "}\n";
}

}  // namespace

Json one_way_policy(const std::string& name, const std::string& ns, const std::string& pods, const char* type,
                    const std::string& peer_ns, const std::string& peer_pods, int port) {
  const bool in = std::string(type) == "Ingress";
  Json peer = {{"namespaceSelector", {{"matchLabels", {{"kubernetes.io/metadata.name", peer_ns}}}}},
               {"podSelector", {{"matchLabels", selector_labels(peer_pods)}}}};
  return {{"apiVersion", "networking.k8s.io/v1"},
          {"kind", "NetworkPolicy"},
          {"metadata", meta(name, ns)},
          {"spec",
           {{"podSelector", {{"matchLabels", selector_labels(pods)}}},
            {"policyTypes", Json::array({type})},
            {in ? "ingress" : "egress", Json::array({{{in ? "from" : "to", Json::array({peer})},
                                                      {"ports", Json::array({{{"protocol", "TCP"}, {"port", port}}})}}})}}}};
}

void render_auth_proxy(const RenderContext& ctx, const platform::Component& c) {
  std::optional<AuthProxy> proxy = auth_proxy(ctx.platform, c);
  if (!proxy || c.auth != spec::AuthMode::kBasic) return;  // SSO proxies: sso.cc
  const std::string name = proxy->name;
  Json labels = common_labels(ctx.platform, &c);
  labels[kNameLabel] = name;
  auto with_labels = [&](Json m) {
    m["labels"] = labels;
    return m;
  };

  ctx.add({{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", with_labels(meta(name, c.ns))},
           {"automountServiceAccountToken", false}},
          &c, "auth");
  ctx.add({{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", with_labels(meta(name, c.ns))},
           {"data", {{"default.conf", nginx_conf(c)}}}},
          &c, "auth");

  Json probe = {{"httpGet", {{"path", "/healthz"}, {"port", "http"}}}, {"periodSeconds", 10}, {"timeoutSeconds", 5}};
  Json container = {
      {"name", "nginx"},
      {"image", kBasicAuthProxyImage},
      {"imagePullPolicy", "IfNotPresent"},
      {"ports", Json::array({{{"name", "http"}, {"containerPort", kBasicAuthProxyPort}, {"protocol", "TCP"}}})},
      {"livenessProbe", probe},
      {"readinessProbe", probe},
      {"resources", {{"requests", {{"cpu", "10m"}, {"memory", "16Mi"}}}, {"limits", {{"cpu", "500m"}, {"memory", "128Mi"}}}}},
      {"securityContext", {{"allowPrivilegeEscalation", false}, {"runAsNonRoot", true}, {"runAsUser", 101},
                           {"runAsGroup", 101}, {"capabilities", {{"drop", Json::array({"ALL"})}}},
                           {"seccompProfile", {{"type", "RuntimeDefault"}}}}},
      {"volumeMounts", Json::array({{{"name", "conf"}, {"mountPath", "/etc/nginx/conf.d"}, {"readOnly", true}},
                                    {{"name", "htpasswd"}, {"mountPath", "/etc/nginx/htpasswd"}, {"readOnly", true}}})}};
  Json pod = {{"serviceAccountName", name},
              {"automountServiceAccountToken", false},
              {"securityContext", {{"runAsNonRoot", true}, {"seccompProfile", {{"type", "RuntimeDefault"}}}}},
              {"containers", Json::array({container})},
              {"volumes", Json::array({{{"name", "conf"}, {"configMap", {{"name", name}}}},
                                       {{"name", "htpasswd"}, {"secret", {{"secretName", c.basic_auth_secret()}}}}})}};
  ctx.add({{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", with_labels(meta(name, c.ns))},
           {"spec", {{"replicas", 1}, {"selector", {{"matchLabels", selector_labels(name)}}},
                     {"template", {{"metadata", {{"labels", labels}}}, {"spec", pod}}}}}},
          &c, "auth");
  ctx.add({{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", with_labels(meta(name, c.ns))},
           {"spec", {{"type", "ClusterIP"}, {"selector", selector_labels(name)},
                     {"ports", Json::array({{{"name", "http"}, {"port", kBasicAuthProxyPort}, {"targetPort", "http"},
                                             {"protocol", "TCP"}}})}}}},
          &c, "auth");

  // Only the proxy reaches the UI's port, and only the Gateway reaches the proxy.
  ctx.add(one_way_policy(name + "-to-" + c.name, c.ns, name, "Egress", c.ns, c.ui->service, c.ui->port), &c, "auth");
  ctx.add(one_way_policy(c.name + "-from-" + name, c.ns, c.ui->service, "Ingress", c.ns, name, c.ui->port), &c, "auth");
  Json self = selector_labels(name);
  ctx.add(from_gateway_policy(name + "-from-gateway", c.ns, self, {kBasicAuthProxyPort}), &c, "auth");
}

}  // namespace bg::render
