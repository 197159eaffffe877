// What every trait shares while rendering: the platform, the output set, and the conventions
// (labels, names, selectors) that make objects from different traits fit together.
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

// metadata for a namespaced / cluster-scoped object.
Json meta(const std::string& name, const std::string& ns);

// The data volume claim name a StatefulSet gives its first pod: "<template>-<set>-0".
std::string data_claim_name(const platform::Component& c);

// Replaces ${host}, ${domain}, ${namespace}, ${name} in a blueprint string.
std::string expand(const std::string& text, const platform::Platform& p, const platform::Component& c);

// The traits. Each lives in its own file.
void render_namespaces(const RenderContext& ctx);                        // isolate.cc
void render_isolation(const RenderContext& ctx, const platform::Component& c);  // isolate.cc
void render_workload(const RenderContext& ctx, const platform::Component& c);   // workload.cc
void render_rbac(const RenderContext& ctx, const platform::Component& c);       // rbac.cc
void render_storage_class(const RenderContext& ctx);                     // storage.cc
void render_storage(const RenderContext& ctx, const platform::Component& c);    // storage.cc
void render_access(const RenderContext& ctx, const platform::Component& c);     // access.cc (the controller)
void render_expose(const RenderContext& ctx, const platform::Component& c);     // expose.cc (UI hosts)
void render_issuers(const RenderContext& ctx, const platform::Component& c);    // secure.cc

}  // namespace bg::render
