// Where a workload keeps its pods, and the containers inside them.
//
// Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and Jobs carry a pod
// template at spec.template; CronJobs one level deeper at spec.jobTemplate.spec.template; a bare Pod
// is its own template. Rules about pods (security, resources, probes, images, scraping) and the
// cross-object rules that match labels all start here, so they agree on what a workload is.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "check/subject.h"

namespace bg::check {

struct PodTemplate {
  const Value* metadata = nullptr;  // the template's metadata (labels, annotations); may be null
  const Value* spec = nullptr;      // the PodSpec; never null in a found template
  Path path;                       // to the template; metadata and spec are below it ({} for a Pod)
  bool long_running = true;        // false for Jobs, CronJobs and Pods that do not restart always

  Path at(std::initializer_list<std::string_view> rest) const;  // path + rest
};

// The object's pod template, when its kind has one and it is there.
std::optional<PodTemplate> pod_template(const Value& body, std::string_view kind);

struct ContainerRef {
  const Value* container;  // a mapping
  std::string_view list;  // "containers" or "initContainers"
  std::size_t index;
  bool init() const { return list != "containers"; }
  std::string_view name() const { return str(field(container, "name")); }
  // The path to this container (+ rest) inside the object.
  Path at(const PodTemplate& t, std::initializer_list<std::string_view> rest = {}) const;
};

// Every container of the template: containers, then initContainers (ephemeral debugging
// containers are not part of a manifest's promise and are left out).
std::vector<ContainerRef> containers(const PodTemplate& t);

}  // namespace bg::check
