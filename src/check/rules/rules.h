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
void storage_size(const ObjectContext& c, Out& out);         // storage-size

// ---- set rules ----
// Each set rule's file holds its collector and its judge. A collector runs for every object, after
// Inventory::collect (which copies the pod templates, Services and monitors several rules compare),
// and copies the facts only its rule compares; the judge runs once every object is in.
void collect_tls(const ObjectContext& c, Inventory& inv);
void tls_sources(const Inventory& inv, SetOut& out);  // tls-required (issuers, secrets, gateways)
void collect_default_deny(const ObjectContext& c, Inventory& inv);
void default_deny(const Inventory& inv, SetOut& out);  // default-deny
void collect_metrics_ports(const ObjectContext& c, Inventory& inv);
void metrics_scraped(const Inventory& inv, SetOut& out);    // metrics-scraped
void service_selectors(const Inventory& inv, SetOut& out);  // service-selects-nothing, service-target-port
void collect_backends(const ObjectContext& c, Inventory& inv);
void route_backends(const Inventory& inv, SetOut& out);  // route-backend-missing
void collect_tcp_services(const ObjectContext& c, Inventory& inv);
void tcp_services(const Inventory& inv, SetOut& out);  // tcp-services
void collect_storage(const ObjectContext& c, Inventory& inv);
void storage(const Inventory& inv, SetOut& out);  // local-storage, storage-class-missing
void collect_netpol_selectors(const ObjectContext& c, Inventory& inv);
void netpol_selectors(const Inventory& inv, SetOut& out);   // netpol-selects-nothing
void monitor_selectors(const Inventory& inv, SetOut& out);  // monitor-selects-nothing
void flows(const Inventory& inv, const FlowFacts& facts, SetOut& out);  // flow-blocked, flow-unresolved

}  // namespace bg::check::rules
