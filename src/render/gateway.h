// The Gateway API access layer: what `spec.exposure.backend: gateway-api` renders instead of
// ingress-nginx, on Cilium's Gateway API implementation (Gateway API v1.6.1, Cilium 1.20).
//
// One Gateway, `gateway/platform`, is the platform's front door: an HTTP listener on 80 (ACME
// HTTP-01 challenges and a redirect to HTTPS), an HTTPS listener per UI host terminating TLS with a
// cert-manager Certificate rendered explicitly (no gateway-shim flag needed in cert-manager), and a
// TCP listener per raw TCP port. Routes live beside their backends, in the component's namespace,
// and attach to the Gateway across namespaces through each listener's allowedRoutes; a route only
// crosses a namespace for its backend when the backend is a shared one (a ReferenceGrant then says
// so). Cilium's Envoy runs on the ingress nodes' host network, and traffic it forwards carries the
// reserved `ingress` identity, which plain NetworkPolicies cannot name: backends admit it with a
// CiliumNetworkPolicy `fromEntities: [ingress]` on exactly the exposed ports.
#pragma once

#include <string>
#include <vector>

#include "render/context.h"

namespace bg::render {

inline constexpr const char* kGatewayNamespace = "gateway";
inline constexpr const char* kGatewayName = "platform";
inline constexpr const char* kGatewayClass = "cilium";
inline constexpr const char* kGatewayController = "io.cilium/gateway-controller";
inline constexpr const char* kGatewayApiGroup = "gateway.networking.k8s.io";
inline constexpr int kAcmeHttp01SolverPort = 8089;  // cert-manager's solver pods listen here

// Listener names, shared by the Gateway and the routes that pick one with sectionName.
std::string https_listener(const platform::Component& c);
std::string tcp_listener(const platform::TcpRoute& r);

// A parentRef to the platform Gateway's listener `section`.
Json gateway_parent(const std::string& section);

// A CiliumNetworkPolicy letting the Cilium entity `entity` (`ingress`: the Gateway's Envoy;
// `kube-apiserver`) reach `pods` on `ports`. Plain NetworkPolicies cannot name those identities.
Json from_entity_policy(const std::string& name, const std::string& ns, const Json& pod_labels, const char* entity,
                        const std::vector<int>& ports);

// The same for the Gateway's Envoy.
Json from_gateway_policy(const std::string& name, const std::string& ns, const Json& pod_labels,
                         const std::vector<int>& ports);

// Platform-wide (gateway.cc): the gateway Namespace and its isolation, GatewayClass, Gateway,
// Certificates, the HTTP→HTTPS redirect, and the ACME solver allow rule.
void render_gateway(const RenderContext& ctx);

// Per component (gateway_routes.cc): its HTTPRoute, TCPRoutes and the allow rule from the Gateway.
void render_gateway_routes(const RenderContext& ctx, const platform::Component& c);

}  // namespace bg::render
