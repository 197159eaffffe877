// The provision trait: a dependency edge creates what the dependent needs at its provider.
//
// For each edge dependent → provider whose provider blueprint has `provision`, one Job
// `<provider>-init-<dependent>` runs in the provider's namespace with the provider's admin
// credentials (its own Secrets) and the dependent's credentials (the Secret `<dependent>-<provider>`,
// generated on first apply and mirrored into the provider's namespace, see SecretPlan). The script
// is the provider's and must be idempotent: it creates the database, user or bucket when missing and
// sets the password. The Job's pods get their own name label, so the provider's Service never
// selects them, and exactly two derived NetworkPolicies: Job → provider and provider ← Job.
#include <algorithm>
#include <cctype>

#include "render/context.h"
#include "render/service_ports.h"

namespace bg::render {
namespace {

std::string env_name(const std::string& key) {
  std::string out = "DEP_";
  for (char ch : key) out += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::toupper(ch)) : '_';
  return out;
}

Json peer(const std::string& ns, const Json& pod_labels) {
  return {{"namespaceSelector", {{"matchLabels", {{"kubernetes.io/metadata.name", ns}}}}},
          {"podSelector", {{"matchLabels", pod_labels}}}};
}

Json policy(const std::string& name, const std::string& ns, const Json& pod_labels, const char* type) {
  return {{"apiVersion", "networking.k8s.io/v1"}, {"kind", "NetworkPolicy"}, {"metadata", meta(name, ns)},
          {"spec", {{"podSelector", {{"matchLabels", pod_labels}}}, {"policyTypes", Json::array({type})}}}};
}

void render_job(const RenderContext& ctx, const platform::Component& provider, const platform::Component& dependent) {
  const catalog::ProvisionDef& pv = *provider.blueprint->provision;
  std::string job = init_job_name(provider, dependent);
  Json env = Json::array();
  for (const catalog::EnvDef& e : pv.env) {
    Json v = {{"name", e.name}};
    if (e.value) v["value"] = expand(*e.value, ctx.platform, provider);
    if (e.secret) v["valueFrom"] = {{"secretKeyRef", {{"name", provider.secret_name(e.secret->first)}, {"key", e.secret->second}}}};
    env.push_back(v);
  }
  for (const catalog::SecretKeyDef& k : pv.keys)
    env.push_back({{"name", env_name(k.key)},
                   {"valueFrom", {{"secretKeyRef", {{"name", dependent.secret_name(provider.name)}, {"key", k.key}}}}}});
  // Exposed over TCP, the provider admits its superuser over TCP only with the client certificate
  // (tcp_tls.cc): the Job mounts it and its client settings point at it.
  const catalog::AdminClientCertDef* client = admin_client_cert(ctx.platform, provider);
  if (client)
    for (const catalog::EnvDef& e : client->env) env.push_back({{"name", e.name}, {"value", expand(e.value.value_or(""), ctx.platform, provider)}});
  Json container = {{"name", "provision"},
                    {"image", pv.image},
                    {"imagePullPolicy", "IfNotPresent"},
                    {"command", pv.command},
                    {"env", env},
                    {"resources", {{"requests", {{"cpu", "50m"}, {"memory", "64Mi"}}}, {"limits", {{"cpu", "500m"}, {"memory", "256Mi"}}}}},
                    {"securityContext", container_security(pv.security_context)}};
  Json pod_security = {{"runAsNonRoot", true}, {"seccompProfile", {{"type", "RuntimeDefault"}}}};
  Json volumes = Json::array();
  if (client) {
    container["volumeMounts"] = Json::array({{{"name", "admin-client"}, {"mountPath", client->mount_path}, {"readOnly", true}}});
    // Secret files are root's; the pod's fsGroup gives them the Job's group, so 0640 lets the
    // client read its key, and libpq accepts a key owned by root only so (0640 or less).
    volumes.push_back({{"name", "admin-client"},
                       {"secret", {{"secretName", admin_client_secret(provider)}, {"defaultMode", 0640},
                                   {"items", Json::array({{{"key", "tls.crt"}, {"path", "tls.crt"}},
                                                          {{"key", "tls.key"}, {"path", "tls.key"}}})}}}});
    if (pv.security_context.contains("runAsGroup")) pod_security["fsGroup"] = pv.security_context["runAsGroup"];
  }
  Json labels = common_labels(ctx.platform, &provider);
  labels[kNameLabel] = job;
  Json pod = {{"metadata", {{"labels", labels}}},
              {"spec", {{"restartPolicy", "OnFailure"},
                        {"automountServiceAccountToken", false},
                        {"securityContext", pod_security},
                        {"containers", Json::array({container})}}}};
  if (!volumes.empty()) pod["spec"]["volumes"] = volumes;
  Json m = meta(job, provider.ns);
  m["labels"] = labels;
  // The provider may take minutes to become ready on first apply: retry with back-off meanwhile,
  // for at most 20 minutes.
  ctx.add({{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", m}, {"spec", job_spec(pod, 20, 1200)}},
          &provider, "provision");

  Json ports = Json::array();
  for (int p : service_ports(provider)) ports.push_back({{"protocol", "TCP"}, {"port", p}});
  Json out = policy(job + "-to-" + provider.name, provider.ns, selector_labels(job), "Egress");
  out["spec"]["egress"] = Json::array({{{"to", Json::array({peer(provider.ns, selector_labels(provider.name))})}, {"ports", ports}}});
  ctx.add(std::move(out), &provider, "provision");
  Json in = policy(provider.name + "-from-" + job, provider.ns, selector_labels(provider.name), "Ingress");
  in["spec"]["ingress"] = Json::array({{{"from", Json::array({peer(provider.ns, selector_labels(job))})}, {"ports", ports}}});
  ctx.add(std::move(in), &provider, "provision");
}

}  // namespace

void render_provision(const RenderContext& ctx, const platform::Component& c) {
  for (const std::string& dep : c.depends_on) {
    const platform::Component* provider = ctx.platform.find(dep);
    if (provider && provider->blueprint->provision && provider->blueprint->workload != catalog::WorkloadKind::kNone)
      render_job(ctx, *provider, c);
  }
}

}  // namespace bg::render
