// Every principle rule, as a function; checker.cc runs them all.
//
// Object rules take one object (ObjectContext) and report through Out; set rules take the
// Inventory of the whole set and report through SetOut. Each lives in its own file under rules/
// with its tests beside it; docs/rules.md explains each id.
#pragma once

#include "check/flow_facts.h"
#include "check/inventory.h"
#include "check/rules/rule.h"

namespace bg::check::rules {

// ---- object rules ----
void image_pinned(const ObjectContext& c, Out& out);         // image-pinned
void container_security(const ObjectContext& c, Out& out);   // run-as-non-root, no-privilege-escalation, no-privileged
void resources_and_probes(const ObjectContext& c, Out& out);  // resources-required, probes-required
void literal_secrets(const ObjectContext& c, Out& out);      // no-literal-secret
void ui_auth(const ObjectContext& c, Out& out);              // ui-auth
void tls_hosts(const ObjectContext& c, Out& out);            // tls-required (inside one object)
void scrape_annotations(const ObjectContext& c, Out& out);   // metrics-scraped (inside one object)
void size_limits(const ObjectContext& c, Out& out);          // too-large

// ---- set rules ----
void tls_sources(const Inventory& inv, SetOut& out);        // tls-required (issuers, secrets, gateways)
void default_deny(const Inventory& inv, SetOut& out);       // default-deny
void metrics_scraped(const Inventory& inv, SetOut& out);    // metrics-scraped
void service_selectors(const Inventory& inv, SetOut& out);  // service-selects-nothing, service-target-port
void route_backends(const Inventory& inv, SetOut& out);     // route-backend-missing
void tcp_services(const Inventory& inv, SetOut& out);       // tcp-services
void storage(const Inventory& inv, SetOut& out);            // local-storage, storage-class-missing
void netpol_selectors(const Inventory& inv, SetOut& out);   // netpol-selects-nothing
void monitor_selectors(const Inventory& inv, SetOut& out);  // monitor-selects-nothing
void flows(const Inventory& inv, const FlowFacts& facts, SetOut& out);  // flow-blocked, flow-unresolved

}  // namespace bg::check::rules
