#include "check/pod_template.h"

namespace bg::check {

Path PodTemplate::at(std::initializer_list<std::string_view> rest) const {
  Path p = path;
  for (std::string_view r : rest) p.emplace_back(r);
  return p;
}

std::optional<PodTemplate> pod_template(const Value& body, std::string_view kind) {
  PodTemplate t;
  const Value* tmpl = nullptr;
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "ReplicaSet" ||
      kind == "ReplicationController") {
    tmpl = dig(&body, {"spec", "template"});
    t.path = {"spec", "template"};
  } else if (kind == "Job") {
    tmpl = dig(&body, {"spec", "template"});
    t.path = {"spec", "template"};
    t.long_running = false;
  } else if (kind == "CronJob") {
    tmpl = dig(&body, {"spec", "jobTemplate", "spec", "template"});
    t.path = {"spec", "jobTemplate", "spec", "template"};
    t.long_running = false;
  } else if (kind == "Pod") {
    tmpl = &body;
    std::string_view restart = str(dig(&body, {"spec", "restartPolicy"}));
    t.long_running = restart.empty() || restart == "Always";
  } else {
    return std::nullopt;
  }
  const Value* spec = field(tmpl, "spec");
  if (!is_object(spec)) return std::nullopt;
  t.metadata = field(tmpl, "metadata");
  t.spec = spec;
  return t;
}

Path ContainerRef::at(const PodTemplate& t, std::initializer_list<std::string_view> rest) const {
  Path p = t.path;
  p.emplace_back("spec");
  p.emplace_back(list);
  p.push_back(std::to_string(index));
  for (std::string_view r : rest) p.emplace_back(r);
  return p;
}

std::vector<ContainerRef> containers(const PodTemplate& t) {
  std::vector<ContainerRef> out;
  for (std::string_view list : {"containers", "initContainers"}) {
    const Value* cs = field(t.spec, list);
    if (!is_array(cs)) continue;
    for (std::size_t i = 0; i < cs->items.size(); ++i) {
      const Value& c = cs->items[i];
      if (c.is_map()) out.push_back({&c, list, i});
    }
  }
  return out;
}

}  // namespace bg::check
