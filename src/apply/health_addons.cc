// Health of the add-ons' kinds, as their controllers write status (health_rules.h).
//
// The shapes come from the controllers' sources and the Gateway API specification: cert-manager
// sets a Ready condition with the generation it saw, and after a failed issuance Issuing=False
// with reason Failed (it then backs off for an hour, so waiting longer would not help); a Gateway
// is created with Accepted and Programmed Unknown (reason Pending, the CRD's defaults) until a
// controller takes it, and says per listener whether it is accepted, conflicted, programmed and
// whether its references (the TLS Secret, the route kinds) resolve; a route says the same per
// parent. What a later write can repair (a Secret cert-manager has not written yet, a backend
// Service of the same wave) is InProgress with its reason, so a gate waits for it; what only a
// change to the spec repairs (a port the Gateway cannot serve, a hostname no listener matches)
// is Failed at once, with the controller's reason.
#include <fmt/format.h>

#include "apply/health_rules.h"
#include "k8s/json_view.h"

namespace bg::apply::rules {

using k8s::condition_in;
using k8s::condition_of;
using k8s::Condition;
using k8s::JsonView;

std::string why(const Condition& c) {
  if (c.reason.empty()) return c.message.empty() ? "no reason given" : c.message;
  return c.message.empty() ? c.reason : c.reason + ": " + c.message;
}

bool stale(const Condition& c, long long generation) {
  return c.observed_generation >= 0 && generation > 0 && c.observed_generation < generation;
}

bool injects_ca(const Json& object) {
  JsonView a = JsonView(object)["metadata"]["annotations"];
  return a.has("cert-manager.io/inject-ca-from") || a.has("cert-manager.io/inject-ca-from-secret") ||
         a["cert-manager.io/inject-apiserver-ca"].str() == "true";
}

namespace {

long long generation_of(const Json& o) { return JsonView(o)["metadata"]["generation"].integer(); }

std::string stale_message(const std::string& what, const Condition& c, long long generation) {
  return fmt::format("{} generation is {}, but its {} condition is of generation {}", what, generation, c.type,
                     c.observed_generation);
}

// A cert-manager resource's Ready condition: absent until cert-manager has processed it.
HealthReport cert_manager_ready(const Json& o, const std::string& kind) {
  std::optional<Condition> ready = condition_of(o, "Ready");
  if (!ready) return in_progress(kind + " has no Ready condition yet (cert-manager has not processed it)");
  if (stale(*ready, generation_of(o))) return in_progress(stale_message(kind, *ready, generation_of(o)));
  if (ready->status == "True") return current(ready->message.empty() ? kind + " is Ready" : ready->message);
  return in_progress("Not Ready: " + why(*ready));
}

HealthReport listener(const Json* conditions, const std::string& name, long long generation) {
  static const Json kNone = Json::array();
  const Json& list = conditions != nullptr && conditions->is_array() ? *conditions : kNone;
  const std::string what = "Listener " + name;
  for (const Condition& c : k8s::conditions_in(list))
    if (stale(c, generation)) return in_progress(stale_message(what, c, generation));
  if (auto c = condition_in(list, "Conflicted"); c && c->status == "True") return failed(what + " conflicts: " + why(*c));
  if (auto c = condition_in(list, "Accepted"); c && c->status == "False" && c->reason != "Pending")
    return failed(what + " not accepted: " + why(*c));
  if (auto c = condition_in(list, "ResolvedRefs"); c && c->status == "False") {
    // A TLS Secret that cert-manager has not written yet, a ReferenceGrant of the same wave:
    // later writes repair those. Route kinds the listener cannot serve need a spec change.
    std::string message = what + " has unresolved references: " + why(*c);
    return c->reason == "InvalidRouteKinds" ? failed(message) : in_progress(message);
  }
  std::optional<Condition> programmed = condition_in(list, "Programmed");
  if (programmed && programmed->status == "False" && programmed->reason == "Invalid")
    return failed(what + " is invalid: " + why(*programmed));
  if (!programmed || programmed->status != "True")
    return in_progress(what + " is not programmed yet" + (programmed ? ": " + why(*programmed) : ""));
  return current(what + " is programmed");
}

// Whether a route's status entry for a parent is the one for `ref` (the parentRef as the route
// states it; the namespace defaults to the route's, the kind to Gateway).
bool same_parent(JsonView status_ref, JsonView ref, const std::string& route_ns) {
  auto ns = [&](JsonView r) { return r["namespace"].str(route_ns); };
  return status_ref["name"].str() == ref["name"].str() && ns(status_ref) == ns(ref) &&
         status_ref["kind"].str("Gateway") == ref["kind"].str("Gateway") &&
         status_ref["sectionName"].str() == ref["sectionName"].str() &&
         status_ref["port"].integer() == ref["port"].integer();
}

std::string parent_name(JsonView ref, const std::string& route_ns) {
  std::string out = ref["kind"].str("Gateway") + " " + ref["namespace"].str(route_ns) + "/" + ref["name"].str("?");
  if (ref.has("sectionName")) out += " (" + ref["sectionName"].str() + ")";
  return out;
}

}  // namespace

HealthReport certificate(const Json& o, const HealthContext&) {
  // A failed issuance: cert-manager tries again only after a back-off of an hour or more.
  std::optional<Condition> ready = condition_of(o, "Ready");
  if (ready && ready->status != "True" && !stale(*ready, generation_of(o)))
    if (auto issuing = condition_of(o, "Issuing"); issuing && issuing->status == "False" && issuing->reason == "Failed")
      return failed("Issuing failed: " + (issuing->message.empty() ? issuing->reason : issuing->message));
  return cert_manager_ready(o, "Certificate");
}

HealthReport issuer(const Json& o, const HealthContext&) {
  return cert_manager_ready(o, JsonView(o)["kind"].str("Issuer"));
}

HealthReport gateway(const Json& o, const HealthContext&) {
  JsonView v(o);
  const long long generation = generation_of(o);
  std::optional<Condition> accepted = condition_of(o, "Accepted");
  if (!accepted || accepted->status == "Unknown")
    return in_progress("Gateway not yet accepted by a controller" + (accepted ? ": " + why(*accepted) : ""));
  if (stale(*accepted, generation)) return in_progress(stale_message("Gateway", *accepted, generation));
  if (accepted->status == "False") return failed("Gateway not accepted: " + why(*accepted));
  // Every listener the spec asks for, in its order: the first that is not right says why.
  std::vector<JsonView> listeners = v["spec"]["listeners"].items();
  for (JsonView l : listeners) {
    const std::string name = l["name"].str("?");
    const Json* conditions = nullptr;
    bool reported = false;
    for (JsonView s : v["status"]["listeners"].items())
      if (s["name"].str() == name) reported = true, conditions = s["conditions"].json();
    if (!reported) return in_progress("Listener " + name + " has no status yet");
    HealthReport r = listener(conditions, name, generation);
    if (r.health != Health::kCurrent) return r;
  }
  std::optional<Condition> programmed = condition_of(o, "Programmed");
  if (programmed && stale(*programmed, generation)) return in_progress(stale_message("Gateway", *programmed, generation));
  if (programmed && programmed->status == "False" && programmed->reason == "Invalid")
    return failed("Gateway is invalid: " + why(*programmed));
  if (!programmed || programmed->status != "True")
    return in_progress("Gateway not programmed yet" + (programmed ? ": " + why(*programmed) : ""));
  return current(fmt::format("Gateway is programmed. Listeners: {}", listeners.size()));
}

HealthReport route(const Json& o, const HealthContext&) {
  JsonView v(o);
  const long long generation = generation_of(o);
  const std::string kind = v["kind"].str("Route"), ns = v["metadata"]["namespace"].str();
  std::vector<JsonView> refs = v["spec"]["parentRefs"].items();
  for (JsonView ref : refs) {
    const std::string parent = parent_name(ref, ns);
    JsonView entry;
    for (JsonView p : v["status"]["parents"].items())
      if (same_parent(p["parentRef"], ref, ns)) entry = p;
    if (entry.absent()) return in_progress("Not yet accepted by " + parent);
    static const Json kNone = Json::array();
    const Json& list = entry["conditions"].is_array() ? *entry["conditions"].json() : kNone;
    for (const Condition& c : k8s::conditions_in(list))
      if (stale(c, generation)) return in_progress(stale_message(kind, c, generation));
    std::optional<Condition> accepted = condition_in(list, "Accepted");
    if (!accepted || accepted->status == "Unknown" || (accepted->status == "False" && accepted->reason == "Pending"))
      return in_progress("Not yet accepted by " + parent + (accepted ? ": " + why(*accepted) : ""));
    if (accepted->status == "False") return failed("Not accepted by " + parent + ": " + why(*accepted));
    if (auto refs_ok = condition_in(list, "ResolvedRefs"); refs_ok && refs_ok->status == "False") {
      // A backend Service or a ReferenceGrant of the same wave resolves once written.
      std::string message = "Unresolved references for " + parent + ": " + why(*refs_ok);
      bool later = refs_ok->reason == "BackendNotFound" || refs_ok->reason == "RefNotPermitted";
      return later ? in_progress(message) : failed(message);
    }
  }
  return current(fmt::format("{} is accepted by {} parent{}", kind, refs.size(), refs.size() == 1 ? "" : "s"));
}

HealthReport webhook_configuration(const Json& o, const HealthContext&) {
  if (!injects_ca(o)) return current("Resource is current");
  for (JsonView w : JsonView(o)["webhooks"].items())
    if (w["clientConfig"]["caBundle"].str().empty())
      return in_progress("Webhook " + w["name"].str("?") + " has no CA yet (cert-manager's cainjector fills caBundle)");
  return current("Every webhook has its CA");
}

HealthReport api_service(const Json& o, const HealthContext&) {
  JsonView v(o);
  if (injects_ca(o) && !v["spec"]["insecureSkipTLSVerify"].boolean() && v["spec"]["caBundle"].str().empty() &&
      v["spec"].has("service"))
    return in_progress("APIService has no CA yet (cert-manager's cainjector fills caBundle)");
  std::optional<Condition> available = condition_of(o, "Available");
  if (!available) return in_progress("APIService has no Available condition yet");
  if (available->status == "True") return current("APIService is available");
  return in_progress("Not Available: " + why(*available));
}

}  // namespace bg::apply::rules
