// The rules behind health_of(), one per kind, shared by the files that hold them.
//
// health.cc holds the table that maps a group and kind to its rule, with the rules of Kubernetes'
// own kinds (kstatus's); health_addons.cc the rules of the kinds the platform's add-ons bring,
// written from what their controllers put in status: cert-manager's Certificate, Issuer and
// ClusterIssuer, Gateway API's Gateway and routes, and the objects cert-manager's cainjector fills
// with a CA. Every rule is pure and sees only the object and the HealthContext.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "apply/health.h"
#include "k8s/conditions.h"

namespace bg::apply::rules {

using Json = nlohmann::json;

inline HealthReport in_progress(std::string message) { return {Health::kInProgress, std::move(message)}; }
inline HealthReport current(std::string message) { return {Health::kCurrent, std::move(message)}; }
inline HealthReport failed(std::string message) { return {Health::kFailed, std::move(message)}; }

// "Reason: message", or whichever of the two there is.
std::string why(const k8s::Condition& c);
// Whether a condition was written for an older generation of the object than `generation`.
bool stale(const k8s::Condition& c, long long generation);
// Whether cert-manager's cainjector is asked to fill this object's CA bundles (its annotations).
bool injects_ca(const Json& object);

HealthReport certificate(const Json& o, const HealthContext& context);
HealthReport issuer(const Json& o, const HealthContext& context);  // Issuer and ClusterIssuer
HealthReport gateway(const Json& o, const HealthContext& context);
HealthReport route(const Json& o, const HealthContext& context);  // HTTPRoute, TCPRoute, GRPCRoute, TLSRoute, UDPRoute
HealthReport webhook_configuration(const Json& o, const HealthContext& context);  // Validating and Mutating
HealthReport api_service(const Json& o, const HealthContext& context);

}  // namespace bg::apply::rules
