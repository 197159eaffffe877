#include "testing/testserver/resources.h"

#include <algorithm>

namespace bg::testserver {
namespace {

ResourceType t(std::string group, std::string version, std::string plural, std::string kind, bool namespaced,
               std::vector<std::string> short_names = {}, bool status = false, std::vector<std::string> categories = {}) {
  ResourceType r;
  r.group = std::move(group);
  r.version = std::move(version);
  r.plural = std::move(plural);
  r.kind = std::move(kind);
  r.singular = r.kind;
  std::transform(r.singular.begin(), r.singular.end(), r.singular.begin(), ::tolower);
  r.namespaced = namespaced;
  r.short_names = std::move(short_names);
  r.status_subresource = status;
  r.categories = std::move(categories);
  return r;
}

}  // namespace

Registry::Registry() {
  const std::vector<std::string> all = {"all"};
  types_ = {
      t("", "v1", "namespaces", "Namespace", false, {"ns"}, true),
      t("", "v1", "configmaps", "ConfigMap", true, {"cm"}),
      t("", "v1", "secrets", "Secret", true),
      t("", "v1", "services", "Service", true, {"svc"}, true, all),
      t("", "v1", "serviceaccounts", "ServiceAccount", true, {"sa"}),
      t("", "v1", "pods", "Pod", true, {"po"}, true, all),
      t("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, {"pvc"}, true),
      t("", "v1", "persistentvolumes", "PersistentVolume", false, {"pv"}, true),
      t("", "v1", "endpoints", "Endpoints", true, {"ep"}),
      t("", "v1", "events", "Event", true, {"ev"}),
      t("", "v1", "nodes", "Node", false, {"no"}, true),
      t("", "v1", "resourcequotas", "ResourceQuota", true, {"quota"}, true),
      t("", "v1", "limitranges", "LimitRange", true, {"limits"}),
      t("apps", "v1", "deployments", "Deployment", true, {"deploy"}, true, all),
      t("apps", "v1", "statefulsets", "StatefulSet", true, {"sts"}, true, all),
      t("apps", "v1", "daemonsets", "DaemonSet", true, {"ds"}, true, all),
      t("apps", "v1", "replicasets", "ReplicaSet", true, {"rs"}, true, all),
      t("batch", "v1", "jobs", "Job", true, {}, true, all),
      t("batch", "v1", "cronjobs", "CronJob", true, {"cj"}, true, all),
      t("networking.k8s.io", "v1", "ingresses", "Ingress", true, {"ing"}, true),
      t("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false),
      t("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, {"netpol"}),
      t("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, {"pdb"}, true),
      t("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
      t("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
      t("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
      t("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
      t("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, {"sc"}),
      t("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
        {"crd", "crds"}, true),
      t("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, {"hpa"}, true, all),
      t("coordination.k8s.io", "v1", "leases", "Lease", true),
      // Stored and served; the server never calls the webhooks they name (docs/testing.md).
      t("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false),
      t("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false),
  };
}

const ResourceType* Registry::find(const std::string& group, const std::string& version,
                                   const std::string& plural) const {
  for (const ResourceType& r : types_)
    if (r.group == group && r.version == version && r.plural == plural) return &r;
  return nullptr;
}

const ResourceType* Registry::find_kind(const std::string& api_version, const std::string& kind) const {
  for (const ResourceType& r : types_)
    if (r.api_version() == api_version && r.kind == kind) return &r;
  return nullptr;
}

std::vector<std::pair<std::string, std::vector<std::string>>> Registry::groups() const {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const ResourceType& r : types_) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.first == r.group; });
    if (it == out.end()) {
      out.push_back({r.group, {r.version}});
    } else if (std::find(it->second.begin(), it->second.end(), r.version) == it->second.end()) {
      it->second.push_back(r.version);
    }
  }
  return out;
}

void Registry::add_crd(const nlohmann::json& crd) {
  const nlohmann::json& spec = crd.value("spec", nlohmann::json::object());
  const nlohmann::json& names = spec.value("names", nlohmann::json::object());
  remove_crd(crd.value("metadata", nlohmann::json::object()).value("name", ""));
  for (const nlohmann::json& v : spec.value("versions", nlohmann::json::array())) {
    if (!v.value("served", true)) continue;
    ResourceType r;
    r.group = spec.value("group", "");
    r.version = v.value("name", "");
    r.plural = names.value("plural", "");
    r.singular = names.value("singular", "");
    r.kind = names.value("kind", "");
    r.namespaced = spec.value("scope", "Namespaced") == "Namespaced";
    r.short_names = names.value("shortNames", std::vector<std::string>{});
    r.categories = names.value("categories", std::vector<std::string>{});
    r.status_subresource = v.contains("subresources") && v["subresources"].contains("status");
    r.from_crd = true;
    if (r.singular.empty()) {
      r.singular = r.kind;
      std::transform(r.singular.begin(), r.singular.end(), r.singular.begin(), ::tolower);
    }
    types_.push_back(std::move(r));
  }
}

void Registry::remove_crd(const std::string& crd_name) {
  std::erase_if(types_, [&](const ResourceType& r) { return r.from_crd && r.plural + "." + r.group == crd_name; });
}

}  // namespace bg::testserver
