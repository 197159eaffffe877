// Client's object operations: get, list (all pages), create, server-side apply, status update and
// delete. Watch is in watch.cc.
#include "kube/client.h"

#include "k8s/json_view.h"

namespace bg::kube {

using nlohmann::json;

Result<std::optional<json>> Client::get(const ObjectRef& ref) {
  auto path = path_for(ref.api_version, ref.kind, ref.ns, ref.name);
  if (!path) return path.status();
  HttpRequest req;
  req.path = *path;
  auto r = request(req, true);
  if (!r) return r.status();
  if (r->status == 404) return std::optional<json>();
  if (r->status != 200) return api_error(*r, config_.server);
  json body = json::parse(r->body, nullptr, false);
  if (body.is_discarded()) return Status::terminal("the server's answer is not JSON");
  return std::optional<json>(std::move(body));
}

Result<json> Client::list(const std::string& api_version, const std::string& kind, const std::string& ns,
                          const ListOptions& options) {
  auto path = path_for(api_version, kind, ns, "");
  if (!path) return path.status();
  json all = {{"apiVersion", api_version}, {"kind", kind + "List"}, {"items", json::array()}};
  std::string cont;
  do {
    std::string q = "?limit=" + std::to_string(options.page_size);
    if (!options.label_selector.empty()) q += "&labelSelector=" + escape(options.label_selector);
    if (!options.field_selector.empty()) q += "&fieldSelector=" + escape(options.field_selector);
    if (!cont.empty()) q += "&continue=" + escape(cont);
    HttpRequest req;
    req.path = *path + q;
    auto page = json_call(req, true);
    if (!page) return page.status();
    k8s::JsonView listed(*page);
    all["metadata"] = {{"resourceVersion", listed["metadata"]["resourceVersion"].str()}};
    cont = listed["metadata"]["continue"].str();
    // Moved, not copied: a page holds up to page_size objects.
    if (auto items = page->find("items"); items != page->end() && items->is_array())
      for (json& item : *items) all["items"].push_back(std::move(item));
  } while (!cont.empty());
  return all;
}

Result<json> Client::create(const json& object, bool dry_run) {
  ObjectRef ref = ObjectRef::of(object);
  auto path = path_for(ref.api_version, ref.kind, ref.ns, "");
  if (!path) return path.status();
  HttpRequest req;
  req.method = "POST";
  req.path = *path + "?fieldManager=betelgeuse" + (dry_run ? "&dryRun=All" : "");
  req.headers["Content-Type"] = "application/json";
  req.body = object.dump();
  return json_call(req, false);
}

Result<json> Client::apply(const json& object, const ApplyOptions& options) {
  ObjectRef ref = ObjectRef::of(object);
  if (ref.name.empty()) return Status::terminal("server-side apply needs metadata.name");
  auto path = path_for(ref.api_version, ref.kind, ref.ns, ref.name);
  if (!path) return path.status();
  HttpRequest req;
  req.method = "PATCH";
  req.path = *path + "?fieldManager=" + escape(options.field_manager) + (options.force ? "&force=true" : "") +
             (options.dry_run ? "&dryRun=All" : "");
  req.headers["Content-Type"] = "application/apply-patch+yaml";
  req.body = object.dump();  // JSON is YAML
  return json_call(req, true);  // an apply is idempotent: the same request twice has one effect
}

Result<json> Client::update_status(const json& object) {
  ObjectRef ref = ObjectRef::of(object);
  auto path = path_for(ref.api_version, ref.kind, ref.ns, ref.name);
  if (!path) return path.status();
  HttpRequest req;
  req.method = "PUT";
  req.path = *path + "/status";
  req.headers["Content-Type"] = "application/json";
  req.body = object.dump();
  return json_call(req, true);
}

Result<bool> Client::remove(const ObjectRef& ref, const std::string& propagation) {
  auto path = path_for(ref.api_version, ref.kind, ref.ns, ref.name);
  if (!path) return path.status();
  HttpRequest req;
  req.method = "DELETE";
  req.path = *path;
  req.headers["Content-Type"] = "application/json";
  req.body = json{{"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", propagation}}.dump();
  auto r = request(req, true);
  if (!r) return r.status();
  if (r->status == 404) return false;
  if (r->status >= 200 && r->status < 300) return true;
  return api_error(*r, config_.server);
}

}  // namespace bg::kube
