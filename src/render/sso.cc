// SSO: Keycloak's realm for the platform, and oauth2-proxy in front of every UI with `auth: sso`.
//
// One realm, `platform`, with one confidential OIDC client, `oauth2-proxy`, whose secret (and the
// proxies' cookie secret) are generated on first apply into the Secret `keycloak-oauth2-proxy`: no
// secret value is rendered. A Job with Keycloak's own kcadm.sh creates or updates the realm and the
// client (redirect URIs: every SSO host's /oauth2/callback); its name carries a hash of its script,
// so a changed host list runs a new Job instead of editing an immutable one. Users are managed in
// Keycloak.
//
// Each SSO UI gets its own oauth2-proxy, `<component>-sso`, in Keycloak's namespace (where the
// client secret is): a reverse proxy that lets a request through to the UI only with a valid
// session. The browser signs in at Keycloak's public URL (the token issuer); the proxy redeems codes
// and fetches keys inside the cluster, so it needs no egress to the internet. With ingress-nginx the
// UI host's Ingress lives beside the proxy; with gateway-api the HTTPRoute stays in the UI's
// namespace and a ReferenceGrant lets it name the proxy's Service.
#include <cstdint>
#include <cstdio>

#include "render/auth_proxy.h"
#include "render/gateway.h"

namespace bg::render {
namespace {

constexpr const char* kRealm = "platform";
constexpr const char* kClientId = "oauth2-proxy";
constexpr const char* kSetupName = "keycloak-realm-setup";

std::string internal_url(const platform::Component& idp) {
  return "http://" + idp.name + "." + idp.ns + ".svc.cluster.local:" + std::to_string(idp.ui->port);
}

// FNV-1a: a stable short name suffix (std::hash may differ between standard libraries).
std::string short_hash(const std::string& text) {
  std::uint32_t h = 2166136261u;
  for (unsigned char ch : text) h = (h ^ ch) * 16777619u;
  char out[9];
  std::snprintf(out, sizeof out, "%08x", h);
  return out;
}

Json restricted_container_security(int uid) {
  return {{"allowPrivilegeEscalation", false}, {"runAsNonRoot", true}, {"runAsUser", uid}, {"runAsGroup", uid},
          {"capabilities", {{"drop", Json::array({"ALL"})}}}, {"seccompProfile", {{"type", "RuntimeDefault"}}}};
}

Json secret_env(const std::string& name, const std::string& secret, const std::string& key) {
  return {{"name", name}, {"valueFrom", {{"secretKeyRef", {{"name", secret}, {"key", key}}}}}};
}

Json labelled(Json m, const platform::Platform& p, const platform::Component& c, const std::string& name) {
  Json labels = common_labels(p, &c);
  labels[kNameLabel] = name;
  m["labels"] = labels;
  return m;
}

std::string setup_script(const platform::Platform& p) {
  std::string uris;
  for (const platform::Component& c : p.components)
    if (c.ui && c.auth == spec::AuthMode::kSso)
      uris += std::string(uris.empty() ? "" : ",") + "\"https://" + c.ui->host + "/oauth2/callback\"";
  return std::string("#!/bin/bash\n") +
         "# Creates or updates the realm " + kRealm + " and its OIDC client " + kClientId +
         "; safe to run again. Written by betelgeuse.\n"
         "set -euo pipefail\n"
         "kc() { /opt/keycloak/bin/kcadm.sh \"$@\" --config /tmp/kcadm.config; }\n"
         "until kc config credentials --server \"$KEYCLOAK_URL\" --realm master --user \"$ADMIN_USERNAME\" "
         "--password \"$ADMIN_PASSWORD\"; do\n"
         "  echo \"waiting for Keycloak\"; sleep 5\n"
         "done\n"
         "kc get realms/" + kRealm + " >/dev/null 2>&1 || kc create realms -s realm=" + kRealm + " -s enabled=true\n"
         "find_client() { kc get clients -r " + kRealm + " -q clientId=" + kClientId +
         " --fields id --format csv --noquotes; }\n"
         "id=$(find_client)\n"
         "if [ -z \"$id\" ]; then\n"
         "  kc create clients -r " + kRealm + " -s clientId=" + kClientId +
         " -s enabled=true -s publicClient=false -s standardFlowEnabled=true -s directAccessGrantsEnabled=false\n"
         "  id=$(find_client)\n"
         "fi\n"
         "kc update \"clients/$id\" -r " + kRealm + " -s \"secret=$CLIENT_SECRET\" -s 'redirectUris=[" + uris + "]'\n";
}

void render_realm_setup(const RenderContext& ctx, const platform::Component& idp) {
  const platform::Platform& p = ctx.platform;
  std::string script = setup_script(p);
  ctx.add({{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", labelled(meta(kSetupName, idp.ns), p, idp, kSetupName)},
           {"automountServiceAccountToken", false}},
          &idp, "sso");
  ctx.add({{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", labelled(meta(kSetupName, idp.ns), p, idp, kSetupName)},
           {"data", {{"setup.sh", script}}}},
          &idp, "sso");
  Json container = {
      {"name", "setup"},
      {"image", idp.image},
      {"imagePullPolicy", "IfNotPresent"},
      {"command", Json::array({"/bin/bash", "/scripts/setup.sh"})},
      {"env", Json::array({{{"name", "KEYCLOAK_URL"}, {"value", internal_url(idp)}},
                           secret_env("ADMIN_USERNAME", idp.secret_name("admin"), "username"),
                           secret_env("ADMIN_PASSWORD", idp.secret_name("admin"), "password"),
                           secret_env("CLIENT_SECRET", idp.secret_name("oauth2-proxy"), "client-secret")})},
      {"resources", {{"requests", {{"cpu", "50m"}, {"memory", "128Mi"}}}, {"limits", {{"cpu", "500m"}, {"memory", "512Mi"}}}}},
      {"securityContext", restricted_container_security(1000)},
      {"volumeMounts", Json::array({{{"name", "scripts"}, {"mountPath", "/scripts"}, {"readOnly", true}}})}};
  Json labels = common_labels(p, &idp);
  labels[kNameLabel] = kSetupName;
  Json pod = {{"serviceAccountName", kSetupName},
              {"automountServiceAccountToken", false},
              {"restartPolicy", "OnFailure"},
              {"securityContext", {{"runAsNonRoot", true}, {"seccompProfile", {{"type", "RuntimeDefault"}}}}},
              {"containers", Json::array({container})},
              {"volumes", Json::array({{{"name", "scripts"}, {"configMap", {{"name", kSetupName}}}}})}};
  std::string job = std::string(kSetupName) + "-" + short_hash(script);
  ctx.add({{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", labelled(meta(job, idp.ns), p, idp, kSetupName)},
           {"spec", job_spec({{"metadata", {{"labels", labels}}}, {"spec", pod}}, 30, 1200)}},
          &idp, "sso");
  int port = idp.ui->port;
  ctx.add(one_way_policy(std::string(kSetupName) + "-to-" + idp.name, idp.ns, kSetupName, "Egress", idp.ns, idp.name, port),
          &idp, "sso");
  ctx.add(one_way_policy(idp.name + "-from-" + kSetupName, idp.ns, idp.name, "Ingress", idp.ns, kSetupName, port),
          &idp, "sso");
}

void render_oauth2_proxy(const RenderContext& ctx, const platform::Component& c, const AuthProxy& proxy,
                         const platform::Component& idp) {
  const platform::Platform& p = ctx.platform;
  const platform::UiRoute& ui = *c.ui;
  std::string issuer = "https://" + idp.ui->host + "/realms/" + kRealm;
  std::string internal = internal_url(idp) + "/realms/" + kRealm + "/protocol/openid-connect";
  std::string upstream = std::string(ui.backend_https ? "https" : "http") + "://" + ui.service + "." + c.ns +
                         ".svc.cluster.local:" + std::to_string(ui.port) + "/";
  Json args = Json::array({"--http-address=0.0.0.0:" + std::to_string(proxy.port), "--provider=keycloak-oidc",
                           std::string("--client-id=") + kClientId, "--oidc-issuer-url=" + issuer,
                           // Discovery would fetch the issuer's public URL from inside the cluster;
                           // the endpoints are named instead, the browser-facing one public.
                           "--skip-oidc-discovery=true", "--login-url=" + issuer + "/protocol/openid-connect/auth",
                           "--redeem-url=" + internal + "/token", "--oidc-jwks-url=" + internal + "/certs",
                           "--redirect-url=https://" + ui.host + "/oauth2/callback", "--upstream=" + upstream,
                           "--email-domain=*", "--cookie-secure=true", "--cookie-name=_oauth2_" + c.name,
                           "--code-challenge-method=S256", "--reverse-proxy=true", "--skip-provider-button=true"});
  if (ui.backend_https) args.push_back("--ssl-upstream-insecure-skip-verify=true");  // in-cluster self-signed
  Json probe = {{"httpGet", {{"path", "/ping"}, {"port", "http"}}}, {"periodSeconds", 10}, {"timeoutSeconds", 5}};
  Json container = {
      {"name", "oauth2-proxy"},
      {"image", kOauth2ProxyImage},
      {"imagePullPolicy", "IfNotPresent"},
      {"args", args},
      {"env", Json::array({secret_env("OAUTH2_PROXY_CLIENT_SECRET", idp.secret_name("oauth2-proxy"), "client-secret"),
                           secret_env("OAUTH2_PROXY_COOKIE_SECRET", idp.secret_name("oauth2-proxy"), "cookie-secret")})},
      {"ports", Json::array({{{"name", "http"}, {"containerPort", proxy.port}, {"protocol", "TCP"}}})},
      {"livenessProbe", probe},
      {"readinessProbe", probe},
      {"resources", {{"requests", {{"cpu", "10m"}, {"memory", "32Mi"}}}, {"limits", {{"cpu", "500m"}, {"memory", "128Mi"}}}}},
      {"securityContext", restricted_container_security(65532)}};
  Json labels = common_labels(p, &c);
  labels[kNameLabel] = proxy.name;
  Json pod = {{"serviceAccountName", proxy.name},
              {"automountServiceAccountToken", false},
              {"securityContext", {{"runAsNonRoot", true}, {"seccompProfile", {{"type", "RuntimeDefault"}}}}},
              {"containers", Json::array({container})}};
  ctx.add({{"apiVersion", "v1"}, {"kind", "ServiceAccount"}, {"metadata", labelled(meta(proxy.name, proxy.ns), p, c, proxy.name)},
           {"automountServiceAccountToken", false}},
          &c, "sso");
  ctx.add({{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", labelled(meta(proxy.name, proxy.ns), p, c, proxy.name)},
           {"spec", {{"replicas", 1}, {"selector", {{"matchLabels", selector_labels(proxy.name)}}},
                     {"template", {{"metadata", {{"labels", labels}}}, {"spec", pod}}}}}},
          &c, "sso");
  ctx.add({{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", labelled(meta(proxy.name, proxy.ns), p, c, proxy.name)},
           {"spec", {{"type", "ClusterIP"}, {"selector", selector_labels(proxy.name)},
                     {"ports", Json::array({{{"name", "http"}, {"port", proxy.port}, {"targetPort", "http"}, {"protocol", "TCP"}}})}}}},
          &c, "sso");

  // The proxy reaches Keycloak and the UI; only the proxy reaches the UI's port from here.
  int kc = idp.ui->port;
  ctx.add(one_way_policy(proxy.name + "-to-" + idp.name, proxy.ns, proxy.name, "Egress", idp.ns, idp.name, kc), &c, "sso");
  ctx.add(one_way_policy(idp.name + "-from-" + proxy.name, idp.ns, idp.name, "Ingress", proxy.ns, proxy.name, kc), &c, "sso");
  ctx.add(one_way_policy(proxy.name + "-to-" + c.name, proxy.ns, proxy.name, "Egress", c.ns, ui.service, ui.port), &c, "sso");
  ctx.add(one_way_policy(c.name + "-from-" + proxy.name, c.ns, ui.service, "Ingress", proxy.ns, proxy.name, ui.port), &c, "sso");
}

// The way in from the access layer: an Ingress beside the proxy, or a grant for the UI's HTTPRoute.
void render_entry(const RenderContext& ctx, const platform::Component& c, const AuthProxy& proxy) {
  const platform::Platform& p = ctx.platform;
  if (p.gateway_api()) {
    ctx.add({{"apiVersion", "gateway.networking.k8s.io/v1"}, {"kind", "ReferenceGrant"},
             {"metadata", meta("httproute-" + c.name, proxy.ns)},
             {"spec", {{"from", Json::array({{{"group", kGatewayApiGroup}, {"kind", "HTTPRoute"}, {"namespace", c.ns}}})},
                       {"to", Json::array({{{"group", ""}, {"kind", "Service"}, {"name", proxy.name}}})}}}},
            &c, "sso");
    ctx.add(from_gateway_policy(proxy.name + "-from-gateway", proxy.ns, selector_labels(proxy.name), {proxy.port}), &c, "sso");
    return;
  }
  const platform::Component* controller = p.provider("ingress-controller");
  if (!controller) return;  // resolve reported it
  Json m = meta(c.name, proxy.ns);
  Json annotations = proxied_route_annotations(proxy);
  annotations["cert-manager.io/cluster-issuer"] = p.issuer_name();
  annotations["nginx.ingress.kubernetes.io/proxy-buffer-size"] = "16k";  // Keycloak's tokens make big cookies
  add_body_size(annotations, c);
  m["annotations"] = annotations;
  Json path = {{"path", "/"}, {"pathType", "Prefix"},
               {"backend", {{"service", {{"name", proxy.name}, {"port", {{"number", proxy.port}}}}}}}};
  ctx.add({{"apiVersion", "networking.k8s.io/v1"}, {"kind", "Ingress"}, {"metadata", m},
           {"spec", {{"ingressClassName", "nginx"},
                     {"tls", Json::array({{{"hosts", Json::array({c.ui->host})}, {"secretName", c.name + "-tls"}}})},
                     {"rules", Json::array({{{"host", c.ui->host}, {"http", {{"paths", Json::array({path})}}}}})}}}},
          &c, "sso");
  ctx.add(one_way_policy(proxy.name + "-from-" + controller->name, proxy.ns, proxy.name, "Ingress", controller->ns,
                         controller->name, proxy.port),
          &c, "sso");
  ctx.add(one_way_policy(controller->name + "-to-" + proxy.name, controller->ns, controller->name, "Egress", proxy.ns,
                         proxy.name, proxy.port),
          &c, "sso");
}

}  // namespace

void render_sso(const RenderContext& ctx, const platform::Component& c) {
  const platform::Platform& p = ctx.platform;
  if (c.name == "keycloak" && c.ui) render_realm_setup(ctx, c);
  if (c.auth != spec::AuthMode::kSso) return;
  std::optional<AuthProxy> proxy = auth_proxy(p, c);
  const platform::Component* idp = p.find("keycloak");
  if (!proxy || !idp || !idp->ui) return;  // resolve reported it
  render_oauth2_proxy(ctx, c, *proxy, *idp);
  render_entry(ctx, c, *proxy);
}

}  // namespace bg::render
