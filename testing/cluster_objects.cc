#include "testing/cluster_objects.h"

#include <gtest/gtest.h>

#include <sstream>

#include "apply/applyset.h"
#include "apply/cluster.h"
#include "apply/input.h"
#include "apply/prune.h"
#include "pipeline/pipeline.h"
#include "testing/kube_testserver.h"

namespace bg::testing {

using nlohmann::json;

std::vector<json> cluster_objects(const std::string& kubeconfig) {
  std::vector<json> out;
  auto kinds = kubectl(kubeconfig, {"api-resources", "--verbs=list", "-o", "name"});
  if (kinds.exit_code != 0) {
    ADD_FAILURE() << "kubectl api-resources: " << kinds.err;
    return out;
  }
  // Events come and go with every controller's step: not what a test of ownership reads.
  std::string list;
  std::istringstream lines(kinds.out);
  for (std::string kind; std::getline(lines, kind);) {
    if (kind.empty() || kind == "events" || kind == "events.events.k8s.io") continue;
    list += (list.empty() ? "" : ",") + kind;
  }
  auto got = kubectl(kubeconfig, {"get", list, "-A", "-o", "json"});
  if (got.exit_code != 0) {
    ADD_FAILURE() << "kubectl get " << list << ": " << got.err;
    return out;
  }
  json doc = json::parse(got.out, nullptr, false);
  if (!doc.is_object() || !doc.contains("items") || !doc["items"].is_array()) {
    ADD_FAILURE() << "kubectl get printed no List";
    return out;
  }
  for (json& o : doc["items"]) out.push_back(std::move(o));
  return out;
}

std::set<std::string> applyset_members(const std::vector<json>& objects, const std::string& id) {
  std::set<std::string> out;
  for (const json& o : objects) {
    const json* labels = o.contains("metadata") && o["metadata"].contains("labels") ? &o["metadata"]["labels"] : nullptr;
    if (!labels || !labels->is_object() || labels->value(apply::kPartOfLabel, "") != id) continue;
    out.insert(apply::ObjectRef::of(o).str());
  }
  return out;
}

std::string platform_applyset(const std::string& platform) {
  return apply::applyset_id({"", "Secret", "betelgeuse-system", "betelgeuse-" + platform});
}

std::set<std::string> rendered_refs(const std::string& spec) {
  auto input = apply::apply_input(pipeline::run_text(spec, "platform.yaml"));
  EXPECT_TRUE(input.is_ok()) << "the spec does not render";
  std::set<std::string> out;
  if (input)
    for (const manifest::Object& o : input->objects) out.insert(apply::ObjectRef::of(o.body).str());
  return out;
}

// The group-kinds the ApplySet's parent says it contains ("Deployment.apps", "Secret"), as kubectl
// reads them; empty when the parent is not among `objects`.
std::set<std::string> applyset_group_kinds(const std::vector<json>& objects, const std::string& id) {
  std::set<std::string> out;
  for (const json& o : objects) {
    const json& meta = o.value("metadata", json::object());
    if (meta.value("labels", json::object()).value(apply::kApplySetIdLabel, "") != id) continue;
    std::istringstream list(meta.value("annotations", json::object()).value(apply::kGroupKindsAnnotation, ""));
    for (std::string gk; std::getline(list, gk, ',');) out.insert(gk);
  }
  return out;
}

std::vector<std::string> ownership_problems(const std::vector<json>& objects, const std::string& id,
                                            const std::set<std::string>& want) {
  std::vector<std::string> out;
  std::set<std::string> owned;
  // Controllers copy a Service's labels to its Endpoints and EndpointSlices, part-of included; like
  // kubectl, only kinds the parent names are members.
  std::set<std::string> kinds = applyset_group_kinds(objects, id);
  for (const json& o : objects) {
    const json* labels = o.contains("metadata") && o["metadata"].contains("labels") ? &o["metadata"]["labels"] : nullptr;
    if (!labels || !labels->is_object() || labels->value(apply::kPartOfLabel, "") != id) continue;
    if (!kinds.empty() && !kinds.count(apply::ObjectRef::of(o).group_kind().str())) continue;
    std::string ref = apply::ObjectRef::of(o).str();
    owned.insert(ref);
    if (want.count(ref)) continue;
    manifest::Object obj{o, {}};
    if (!apply::holds_data(obj) && obj.kind() != "Namespace") out.push_back(ref + " is owned but not rendered: an orphan");
  }
  for (const std::string& ref : want)
    if (!owned.count(ref)) out.push_back(ref + " is missing");
  return out;
}

std::map<std::string, json> secret_values(const std::vector<json>& objects) {
  std::map<std::string, json> out;
  for (const json& o : objects)
    if (o.value("kind", "") == "Secret") out[apply::ObjectRef::of(o).str()] = o.value("data", json::object());
  return out;
}

}  // namespace bg::testing
