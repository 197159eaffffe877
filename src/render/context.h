// What every trait shares while rendering: the platform, the output set, and the conventions
// (labels, names, selectors, a Job's bounds) that make objects from different traits fit together.
//
// Traits are functions of (RenderContext, Component); they only add objects. Keeping the naming
// rules here, in one place, is what lets the isolate trait select exactly the pods the workload
// trait created, and the expose trait point at exactly the Service it made.
#pragma once

#include <string>

#include "manifest/object.h"
#include "platform/platform.h"

namespace bg::render {

using manifest::Json;

inline constexpr const char* kManagedBy = "betelgeuse";
inline constexpr const char* kStorageClass = "local-ssd";
inline constexpr const char* kNameLabel = "app.kubernetes.io/name";

struct RenderContext {
  const platform::Platform& platform;
  manifest::ObjectSet& out;

  // Adds an object with the platform's common labels merged into metadata.labels.
  void add(Json body, const platform::Component* c, const char* trait) const;
};

// The labels every object of a component carries, and the subset that selects its pods.
Json common_labels(const platform::Platform& p, const platform::Component* c);
Json selector_labels(const std::string& component);

// A container securityContext: non-root, no privilege escalation, drop ALL, RuntimeDefault seccomp,
// plus what a blueprint adds (runAsUser, capabilities.add, …).
Json container_security(const Json& additions);

// ingress-nginx's request body limit (1m unless told) for a UI whose blueprint sets bodySize: Git
// pushes, LFS objects and console uploads are larger.
void add_body_size(Json& ingress_annotations, const platform::Component& c);

// ipBlock peers of the nodes' addresses (of the control-plane nodes only, with `control_plane`):
// the public address and the mesh address kubeadm advertises (the Platform's, allocated when the
// spec gives none). What runs on a node's host network answers there, and no pod selector matches
// it; Cilium lets an ipBlock match node addresses (nodes/cilium.cc).
Json node_peers(const platform::Platform& p, bool control_plane);

// A NetworkPolicy peer: the pods with these labels in namespace `ns` (matched by the namespace's
// kubernetes.io/metadata.name label, which the API server sets on every namespace).
Json pod_peer(const std::string& ns, const Json& pod_labels);

// metadata for a namespaced / cluster-scoped object.
Json meta(const std::string& name, const std::string& ns);

// A Job's spec, bounded in every way a Job can run away: `backoff_limit` retries, at most
// `deadline_seconds` in all (a Job waiting for its provider would otherwise block its wave until
// the wave's timeout, and retry for ever after), and gone a week after it finished (long enough to
// read a failure; apply then runs it again, which its idempotent script allows). Its containers
// report the tail of their log as the termination message when they fail, which apply's
// explanation of a blocked wave shows.
Json job_spec(Json pod_template, int backoff_limit, int deadline_seconds);

// The data volume claim name a StatefulSet gives its first pod: "<template>-<set>-0".
std::string data_claim_name(const platform::Component& c);

// How many proxies forward a request for the UI of `c` to it, each adding the address it came
// from to X-Forwarded-For: the access layer (ingress-nginx, or the gateway), and the auth proxy when
// one stands between (auth_proxy.h); 0 without a UI. A program that finds its client's address in
// X-Forwarded-For must trust exactly that many (express' `trust proxy` hops, for n8n): fewer, and
// every client looks like the last proxy; more, and a client can name any address it likes.
int proxy_hops(const platform::Platform& p, const platform::Component& c);

// Replaces ${host}, ${domain}, ${namespace}, ${name}, ${svc:<component>} (the component's Service DNS
// name, <name>.<namespace>.svc), ${ingressAddress} (the first public entry address),
// ${tcpPort:<port name>} (the public port the access layer gives that raw TCP port), ${podCIDR}
// (the cluster's pod address range) and
// ${proxyHops} (proxy_hops()) in a blueprint string. Anything else in ${…} is left alone: it belongs
// to the program reading the text.
std::string expand(const std::string& text, const platform::Platform& p, const platform::Component& c);

// The component's configuration files that apply on this platform (a file `when` another component
// only while that one is enabled; lines between `${when:NAME}` and `${end}` only while NAME is, or
// for `${when:tcpTls}` while the component's raw TCP ports have their certificate), with
// their content expanded.
struct RenderedFile {
  const catalog::FileDef* def;
  std::string content;
};
std::vector<RenderedFile> config_files(const platform::Platform& p, const platform::Component& c);
std::string config_map_name(const platform::Component& c);

// The labels of the pods of a provisioning Job: "<provider>-init-<dependent>".
std::string init_job_name(const platform::Component& provider, const platform::Component& dependent);

// Whether the component's raw TCP ports speak TLS with a certificate of the platform's issuer: its
// blueprint says how (tcpTls), it exposes raw TCP and cert-manager is on (tcp_tls.cc). The Secret
// holding it.
bool needs_tcp_certificate(const platform::Platform& p, const platform::Component& c);
std::string tcp_certificate_secret(const platform::Component& c);
// With a TCP certificate, the superuser's client certificate for the provisioning Jobs, when the
// blueprint asks for one (tcpTls.adminClientCert); null otherwise. The Secret of the CA that
// signs it (the server trusts its ca.crt) and the Secret of the certificate itself.
const catalog::AdminClientCertDef* admin_client_cert(const platform::Platform& p, const platform::Component& c);
std::string client_ca_secret(const platform::Component& c);
std::string admin_client_secret(const platform::Component& c);

// The traits. Each lives in its own file.
void render_namespaces(const RenderContext& ctx);                        // isolate.cc
void render_isolation(const RenderContext& ctx, const platform::Component& c);  // isolate.cc
void render_workload(const RenderContext& ctx, const platform::Component& c);   // workload.cc
void render_rbac(const RenderContext& ctx, const platform::Component& c);       // workload.cc
void render_storage_class(const RenderContext& ctx);                     // storage.cc
void render_storage(const RenderContext& ctx, const platform::Component& c);    // storage.cc
void render_access(const RenderContext& ctx, const platform::Component& c);     // access.cc (the controller)
void render_expose(const RenderContext& ctx, const platform::Component& c);     // expose.cc (UI hosts)
void render_issuers(const RenderContext& ctx, const platform::Component& c);    // secure.cc
void render_tcp_tls(const RenderContext& ctx, const platform::Component& c);    // tcp_tls.cc
void render_config(const RenderContext& ctx, const platform::Component& c);     // config.cc
void render_provision(const RenderContext& ctx, const platform::Component& c);  // provision.cc (init Jobs)
void render_scraping(const RenderContext& ctx, const platform::Component& c);   // observe.cc
void render_crds(const RenderContext& ctx, const platform::Component& c);       // crds.cc
void render_webhooks(const RenderContext& ctx, const platform::Component& c);   // webhooks.cc

// The port its admission webhooks listen on, or 0 when it serves none (webhooks.cc).
int webhook_port(const platform::Component& c);

}  // namespace bg::render
