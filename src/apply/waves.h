// The plan of apply as data: rendered objects sorted into waves.
//
// Apply sends a wave's objects in parallel and then waits until every one is healthy before the
// next wave starts, so the order encodes what must exist and work before what:
//   1. definitions: Namespaces, CRDs and other cluster-scoped scaffolding (StorageClasses,
//      PersistentVolumes, ClusterRoles, IngressClasses …) — a CRD must be Established before any
//      custom resource of its kind is sent;
//   2. policies: namespaced objects that belong to no component (default-deny first, so no
//      workload ever runs unfenced);
//   3. one wave per dependency level of components: a component comes after every component it
//      depends on, explicitly (the blueprint's dependency edges) or implicitly (it uses a custom
//      resource kind whose CRD another component installs: the operator comes first);
//   4. exposure: Ingresses, Gateways and routes, Certificates and issuers, monitors — they point at
//      Services that must already answer.
// Waves that would be empty are left out. Prune and destroy walk the same waves in reverse.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "manifest/object.h"

namespace bg::apply {

struct Wave {
  std::string name;                  // "definitions", "policies", "level 1: postgres, …", "exposure"
  std::vector<std::string> components;  // the components whose objects are in this wave
  std::vector<std::size_t> members;  // indexes into the objects given to plan_waves, in their order
};

// `depends_on` maps a component to the components it needs (resolve has already checked that each
// is enabled; an edge to a component with no objects here orders nothing). A cycle among
// components is a terminal Status naming them.
Result<std::vector<Wave>> plan_waves(const std::vector<manifest::Object>& objects,
                                     const std::map<std::string, std::vector<std::string>>& depends_on);

// True for kinds that belong in the exposure wave.
bool is_exposure_kind(const k8s::ObjectRef& id);

// Where apply gates each CRD of the plan, by object index: the first wave (its own or a later one)
// that sends a custom resource of the kind it defines, or the last wave when none does. Nothing
// but such a custom resource waits for a CRD, and Established can take seconds for a large schema.
std::map<std::size_t, std::size_t> crd_gates(const std::vector<manifest::Object>& objects,
                                             const std::vector<Wave>& waves);

}  // namespace bg::apply
