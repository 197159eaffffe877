// The writing verbs of Api: create, update (PUT), patch (every flavour, server-side apply
// included) and delete. Reads and watches are in api.cc.
#include <openssl/rand.h>

#include "k8s/conditions.h"
#include "k8s/server_fields.h"
#include "testing/testserver/api.h"
#include "testing/testserver/api_util.h"
#include "testing/testserver/defaults.h"
#include "testing/testserver/immutable.h"
#include "testing/testserver/managed_fields.h"
#include "testing/testserver/normalize.h"
#include "testing/testserver/patch.h"
#include "testing/testserver/protobuf.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

std::string random_suffix() {
  static const char* alphabet = "bcdfghjklmnpqrstvwxz2456789";
  unsigned char b[5];
  RAND_bytes(b, sizeof b);
  std::string s;
  for (unsigned char c : b) s += alphabet[c % 27];
  return s;
}

// Server-owned metadata and the identity, carried over from the live object into every replacement of it.
void keep_identity_and_server_metadata(const json& live, json& next) {
  k8s::keep_server_metadata(live, next);
  for (const char* k : {"name", "namespace"}) {
    if (live["metadata"].contains(k)) {
      next["metadata"][k] = live["metadata"][k];
    } else {
      next["metadata"].erase(k);
    }
  }
  next["apiVersion"] = live["apiVersion"];
  next["kind"] = live["kind"];
}

// Checks and completes an object about to be created: kind, namespace, name, identity, defaults.
std::optional<ApiError> admit_new(Store& store, const ResourceType& rt, const std::string& path_ns, json& obj) {
  if (obj.contains("kind") && obj["kind"] != rt.kind)
    return bad_request("the kind \"" + obj["kind"].get<std::string>() + "\" in the request body does not match " +
                       rt.kind);
  obj["kind"] = rt.kind;
  obj["apiVersion"] = rt.api_version();
  if (!obj.contains("metadata") || !obj["metadata"].is_object()) obj["metadata"] = json::object();
  json& meta = obj["metadata"];
  if (rt.namespaced) {
    std::string body_ns = meta.value("namespace", "");
    if (!body_ns.empty() && !path_ns.empty() && body_ns != path_ns)
      return bad_request("the namespace of the provided object does not match the namespace sent on the request");
    meta["namespace"] = path_ns.empty() ? body_ns : path_ns;
    const ResourceType* nst = store.registry.find("", "v1", "namespaces");
    const json* ns = store.get_locked(*nst, "", meta["namespace"].get<std::string>());
    if (!ns) return not_found("namespaces", meta["namespace"].get<std::string>());
    if ((*ns)["metadata"].contains("deletionTimestamp"))
      return ApiError{403, "Forbidden",
                      rt.plural + " \"" + meta.value("name", "") + "\" is forbidden: unable to create new content in "
                      "namespace " + meta["namespace"].get<std::string>() + " because it is being terminated", {}};
  } else {
    meta.erase("namespace");
  }
  std::string name = meta.value("name", "");
  if (name.empty() && !meta.value("generateName", "").empty()) name = meta["generateName"].get<std::string>() + random_suffix();
  if (name.empty()) return invalid(rt.kind, "", "metadata.name", "Required value: name or generateName is required");
  if (std::string why = name_problem(name); !why.empty()) return invalid(rt.kind, name, "metadata.name", why);
  meta["name"] = name;
  if (store.get_locked(rt, meta.value("namespace", ""), name)) return already_exists(rt.group_resource(), name);
  meta["uid"] = new_uid();
  meta["creationTimestamp"] = store.timestamp();
  for (const char* k : {"resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"})
    meta.erase(k);
  if (obj.contains("spec")) meta["generation"] = 1;
  if (rt.status_subresource) obj.erase("status");
  normalize_builtin(rt, obj);
  apply_create_defaults(store, rt, obj);
  return std::nullopt;
}

// The list types of a kind: the built-in table, or what the CRD's schema for this version marks.
ListTypes list_types_of(Store& store, const ResourceType& rt) {
  if (!rt.from_crd) return ListTypes::builtin(rt.group, rt.kind);
  const ResourceType* crds = store.registry.find("apiextensions.k8s.io", "v1", "customresourcedefinitions");
  const json* crd = crds ? store.get_locked(*crds, "", rt.plural + "." + rt.group) : nullptr;
  if (crd)
    for (const json& v : crd->value("spec", json::object()).value("versions", json::array()))
      if (v.value("name", "") == rt.version && v.contains("schema"))
        return ListTypes::from_schema(v["schema"].value("openAPIV3Schema", json::object()));
  return ListTypes::from_schema(json::object());
}

// Stores a finished object (unless dry run) and registers Established CRDs.
json commit(Store& store, const ResourceType& rt, json obj, bool dry) {
  if (dry) return obj;
  json stored = store.store_locked(rt, std::move(obj));
  if (rt.kind == "CustomResourceDefinition" && k8s::condition_is(stored, "Established", "True"))
    store.registry.add_crd(stored);
  return stored;
}

}  // namespace

Response Api::create(const Request& req, const Target& t) {
  std::string error;
  auto body = parse_body(req.body, error, req.header("content-type"));
  if (!body || !body->is_object()) {
    if (req.header("content-type").rfind(kProtobufContentType, 0) == 0)
      return error_response(ApiError{415, "UnsupportedMediaType", error, {}});
    return error_response(bad_request("the body of the request was in an unknown format: " + error));
  }
  json obj = *body;
  if (auto e = admit_new(store_, *t.type, t.ns, obj)) return error_response(*e);
  record_update(json(), obj, field_manager(req), store_.timestamp(), list_types_of(store_, *t.type));
  return respond_object(req, t, commit(store_, *t.type, std::move(obj), dry_run(req)), 201);
}

// Shared tail of PUT and PATCH: generation, field ownership, no-op detection, storing.
static Response finish_update(Store& store, const Request& req, const Target& t, const json& live, json next,
                              bool record, const std::function<Response(const json&, int)>& respond) {
  // As the real server decodes it, before judging a no-op.
  bool always_write = normalize_builtin(*t.type, next) && empty_spec_collections_always_write(*t.type);
  if (t.subresource.empty())
    if (auto refused = immutable_change(*t.type, live, next)) return error_response(*refused);
  if ((spec_changed(live, next) || always_write) && live["metadata"].contains("generation"))
    next["metadata"]["generation"] = live["metadata"].value("generation", 1) + 1;
  if (record) record_update(live, next, field_manager(req), store.timestamp(), list_types_of(store, *t.type));
  json a = live, b = next;
  for (json* o : {&a, &b}) {
    (*o)["metadata"].erase("managedFields");
    (*o)["metadata"].erase("resourceVersion");
  }
  if (a == b && !always_write) return respond(live, 200);  // a no-op keeps the resourceVersion, as the real server does
  return respond(commit(store, *t.type, std::move(next), dry_run(req)), 200);
}

Response Api::update(const Request& req, const Target& t, json body) {
  const json* found = store_.get_locked(*t.type, t.ns, t.name);
  if (!found) return error_response(not_found(t.type->group_resource(), t.name));
  json live = *found;
  const json& meta = body.value("metadata", json::object());
  if (meta.contains("name") && meta["name"] != t.name)
    return error_response(bad_request("the name of the object (" + meta.value("name", "") +
                                      ") does not match the name on the URL (" + t.name + ")"));
  std::string rv = meta.value("resourceVersion", "");
  if (!rv.empty() && rv != live["metadata"].value("resourceVersion", ""))
    return error_response(conflict(t.type->group_resource(), t.name,
                                   "the object has been modified; please apply your changes to the latest version "
                                   "and try again"));
  json next;
  if (t.subresource == "status") {
    next = live;
    next["status"] = body.value("status", json::object());
  } else {
    next = body;
    if (t.type->status_subresource) {
      if (live.contains("status")) next["status"] = live["status"];
      else next.erase("status");
    }
    // Finalizers are user-owned metadata and may be changed by a PUT.
  }
  keep_identity_and_server_metadata(live, next);
  if (t.subresource != "status" && body.contains("metadata") && body["metadata"].contains("finalizers"))
    next["metadata"]["finalizers"] = body["metadata"]["finalizers"];
  return finish_update(store_, req, t, live, std::move(next), true,
                       [&](const json& o, int code) { return respond_object(req, t, o, code); });
}

Response Api::patch(const Request& req, const Target& t) {
  std::string ct = req.header("content-type");
  const json* found = store_.get_locked(*t.type, t.ns, t.name);
  auto respond = [&](const json& o, int code) { return respond_object(req, t, o, code); };
  if (ct.rfind("application/apply-patch+yaml", 0) == 0) {
    std::string error;
    auto applied = parse_body(req.body, error);
    if (!applied || !applied->is_object())
      return error_response(bad_request("error decoding YAML: " + error));
    if (req.param("fieldManager").empty())
      return error_response(ApiError{422, "Invalid",
                                     "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is "
                                     "required for apply patch",
                                     {}});
    ApplyRequest ar{req.param("fieldManager"), req.param("force") == "true", t.type->group_resource(),
                    store_.timestamp(), list_types_of(store_, *t.type)};
    if (applied->contains("kind") && (*applied)["kind"] != t.type->kind)
      return error_response(bad_request("the kind in the applied configuration does not match the URL"));
    auto merged = server_side_apply(found ? *found : json(), *applied, ar);
    if (auto* e = std::get_if<ApiError>(&merged)) return error_response(*e);
    json next = std::get<json>(std::move(merged));
    if (!found) {
      next["metadata"]["name"] = t.name;
      json managed = next["metadata"]["managedFields"];
      if (auto e = admit_new(store_, *t.type, t.ns, next)) return error_response(*e);
      next["metadata"]["managedFields"] = managed;
      return respond(commit(store_, *t.type, std::move(next), dry_run(req)), 201);
    }
    json managed = next["metadata"]["managedFields"];
    keep_identity_and_server_metadata(*found, next);
    next["metadata"]["managedFields"] = managed;
    if (t.type->status_subresource) {
      if (found->contains("status")) next["status"] = (*found)["status"];
    }
    return finish_update(store_, req, t, *found, std::move(next), false, respond);
  }
  if (!found) return error_response(not_found(t.type->group_resource(), t.name));
  std::string error;
  auto patched = apply_patch(*found, ct, req.body, list_types_of(store_, *t.type), error);
  if (!patched) {
    if (error.find("content type") != std::string::npos)
      return error_response(ApiError{415, "UnsupportedMediaType", error, {}});
    return error_response(ApiError{422, "Invalid", error, {}});
  }
  json next;
  if (t.subresource == "status") {
    next = *found;
    next["status"] = patched->value("status", json::object());
  } else {
    next = *patched;
    if (t.type->status_subresource) {
      if (found->contains("status")) next["status"] = (*found)["status"];
      else next.erase("status");
    }
  }
  json finalizers = next["metadata"].value("finalizers", json());
  keep_identity_and_server_metadata(*found, next);
  if (!finalizers.is_null()) next["metadata"]["finalizers"] = finalizers;
  return finish_update(store_, req, t, *found, std::move(next), true, respond);
}

Response Api::remove(const Request& req, const Target& t) {
  const json* found = store_.get_locked(*t.type, t.ns, t.name);
  if (!found) return error_response(not_found(t.type->group_resource(), t.name));
  json options = json::parse(req.body.empty() ? "{}" : req.body, nullptr, false);
  if (options.is_discarded() || !options.is_object()) options = json::object();
  std::string propagation = req.param("propagationPolicy");
  if (propagation.empty()) propagation = options.value("propagationPolicy", "Background");
  json pre = options.value("preconditions", json::object());
  if ((pre.contains("uid") && pre["uid"] != (*found)["metadata"].value("uid", "")) ||
      (pre.contains("resourceVersion") && pre["resourceVersion"] != (*found)["metadata"].value("resourceVersion", "")))
    return error_response(conflict(t.type->group_resource(), t.name, "Precondition failed"));
  bool dry = dry_run(req);
  if (options.contains("dryRun") && options["dryRun"].is_array())
    for (const json& d : options["dryRun"])
      if (d == "All") dry = true;
  if (dry) return respond_object(req, t, *found, 200);
  return respond_object(req, t, store_.delete_locked(*t.type, t.ns, t.name, propagation), 200);
}

Response Api::remove_collection(const Request& req, const Target& t) {
  Request listing = req;
  listing.headers.erase("accept");
  Response listed = list(listing, t);
  if (listed.status != 200) return listed;
  json items = json::parse(listed.body)["items"];
  if (!dry_run(req)) {
    std::string propagation = req.param("propagationPolicy").empty() ? "Background" : req.param("propagationPolicy");
    for (const json& o : items)
      store_.delete_locked(*t.type, o["metadata"].value("namespace", ""), o["metadata"].value("name", ""),
                             propagation);
  }
  return json_response(200, {{"kind", t.type->kind + "List"},
                             {"apiVersion", t.type->api_version()},
                             {"metadata", json::object()},
                             {"items", items}});
}

}  // namespace bg::testserver
