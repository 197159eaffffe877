#include "apply/kube_cluster.h"

#include "k8s/json_view.h"

namespace bg::apply {

Result<nlohmann::json> KubeCluster::get(const ObjectRef& ref) {
  // A kind the server does not serve (yet: its CRD may come in an earlier wave) has no objects.
  auto served = client_->serves(ref.api_version, ref.kind);
  if (!served) return served.status();
  if (!*served) return nlohmann::json();
  auto got = client_->get(ref);
  if (!got) return got.status();
  return got->has_value() ? **got : nlohmann::json();
}

Result<nlohmann::json> KubeCluster::apply(const nlohmann::json& object, const ApplyOptions& options) {
  return client_->apply(object, {options.field_manager, options.force, options.dry_run});
}

Result<std::string> KubeCluster::preferred_version(const std::string& group) {
  if (group.empty()) return std::string("v1");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = versions_.find(group); it != versions_.end()) return it->second;
  }
  kube::HttpRequest req;
  req.path = "/apis/" + group;
  auto r = client_->request(req, true);
  if (!r) return r.status();
  if (r->status == 404) return std::string();  // the group is not served
  if (r->status != 200) return kube::api_error(*r, client_->server());
  nlohmann::json g = nlohmann::json::parse(r->body, nullptr, false);
  std::string version = k8s::JsonView(g)["preferredVersion"]["version"].str();
  // An answer that names no version says nothing about what is served: cached as "not served", it
  // would make every list of the group empty, and prune would think its objects gone.
  if (version.empty())
    return Status::terminal("the server's discovery failed (/apis/" + group + "): no preferred version in its answer")
        .with_code(Status::Code::kUnavailable);
  std::lock_guard<std::mutex> lock(mu_);
  versions_[group] = version;
  return version;
}

Result<std::vector<nlohmann::json>> KubeCluster::list(const ListQuery& q) {
  auto version = preferred_version(q.group);
  if (!version) return version.status();
  if (version->empty()) return std::vector<nlohmann::json>{};
  std::string api_version = k8s::api_version_of(q.group, *version);
  auto served = client_->serves(api_version, q.kind);
  if (!served) return served.status();
  if (!*served) return std::vector<nlohmann::json>{};
  kube::ListOptions options;
  options.label_selector = q.label_selector;
  options.field_selector = q.field_selector;
  // "" is every namespace here; to src/kube it means the kubeconfig's namespace, and "*" means all.
  auto listed = client_->list(api_version, q.kind, q.ns.empty() ? "*" : q.ns, options);
  if (!listed) return listed.status();
  std::vector<nlohmann::json> out;
  // Moved out, not copied (lists can be long); an item that is not an object is no object of ours.
  auto items = listed->find("items");
  if (items == listed->end() || !items->is_array()) return out;
  for (nlohmann::json& item : *items) {
    if (!item.is_object()) continue;
    // List items carry no apiVersion/kind; the objects apply compares need them.
    item["apiVersion"] = api_version;
    item["kind"] = q.kind;
    out.push_back(std::move(item));
  }
  return out;
}

Result<bool> KubeCluster::serves(const std::string& api_version, const std::string& kind) {
  return client_->serves(api_version, kind);
}

Status KubeCluster::remove(const ObjectRef& ref, Propagation propagation) {
  const char* policy = propagation == Propagation::kForeground ? "Foreground"
                       : propagation == Propagation::kOrphan   ? "Orphan"
                                                               : "Background";
  auto r = client_->remove(ref, policy);
  return r ? Status::ok() : r.status();
}

}  // namespace bg::apply
