#include "testing/testserver/api.h"

#include "common/base64.h"

#include <openssl/evp.h>

#include <sstream>

#include "k8s/field_selector.h"
#include "k8s/label_selector.h"
#include "testing/testserver/api_util.h"
#include "testing/testserver/discovery.h"
#include "testing/testserver/openapi.h"
#include "testing/testserver/openapi_v2_proto.h"
#include "testing/testserver/table.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::stringstream ss(path);
  std::string seg;
  while (std::getline(ss, seg, '/'))
    if (!seg.empty()) out.push_back(seg);
  return out;
}

bool in_scope(const ResourceType& rt, const Target& t, const json& obj) {
  return !rt.namespaced || t.ns.empty() || obj["metadata"].value("namespace", "") == t.ns;
}

struct Filters {
  k8s::LabelSelector labels;
  k8s::FieldSelector fields;
  bool matches(const json& o) const { return labels.matches(k8s::object_labels(o)) && fields.matches(o); }
};

// The list or watch query's selectors; a malformed one is a 400 with the parser's message.
Result<Filters> filters_of(const Request& req) {
  auto l = k8s::LabelSelector::parse(req.param("labelSelector"));
  if (!l) return l.status();
  auto f = k8s::FieldSelector::parse(req.param("fieldSelector"));
  if (!f) return f.status();
  return Filters{std::move(*l), std::move(*f)};
}

}  // namespace

Response Api::handle(const Request& req) {
  std::vector<std::string> seg = split_path(req.path);
  if (req.path == "/version")
    return json_response(200, {{"major", "1"},
                               {"minor", "32"},
                               {"gitVersion", "v1.32.0-testserver"},
                               {"gitCommit", "0000000000000000000000000000000000000000"},
                               {"gitTreeState", "clean"},
                               {"buildDate", "2026-01-01T00:00:00Z"},
                               {"goVersion", "go1.23"},
                               {"compiler", "gc"},
                               {"platform", "linux/amd64"}});
  if (req.path == "/healthz" || req.path == "/livez" || req.path == "/readyz") {
    Response r;
    r.content_type = "text/plain";
    r.body = "ok";
    return r;
  }
  if (req.path == "/openapi/v2") {
    // Older kubectl (Debian's 1.20) asks for protobuf, to learn which kinds support dry-run; the
    // document has no definitions, so it finds no schemas and leaves validation to the server.
    std::lock_guard lock(store_.mu);
    json doc = openapi_v2_document(store_.registry);
    if (req.header("accept").find("protobuf") == std::string::npos) return json_response(200, doc);
    Response r;
    r.content_type = kOpenApiV2ProtobufContentType;
    r.body = encode_openapi_v2(doc);
    return r;
  }
  if (seg.size() >= 2 && seg[0] == "openapi" && seg[1] == "v3") {
    std::lock_guard lock(store_.mu);
    if (seg.size() == 2) return json_response(200, openapi_v3_index(store_.registry));
    std::string gv = req.path.substr(std::string("/openapi/v3/").size());
    auto doc = openapi_v3_document(store_.registry, gv);
    if (doc) return json_response(200, *doc);
  }
  if (seg.empty() || (seg[0] != "api" && seg[0] != "apis"))
    return error_response({404, "NotFound", "the server could not find the requested resource", {}});

  // Aggregated discovery in the version the client names: kubectl 1.30+ asks for v2 first,
  // 1.26-1.29 only know v2beta1 (the same document under another apiVersion).
  const std::string accept = req.header("accept");
  const bool aggregated = accept.find("as=APIGroupDiscoveryList") != std::string::npos;
  const std::string discovery_version =
      accept.find("apidiscovery.k8s.io;v=v2;") != std::string::npos ? "v2" : "v2beta1";
  auto aggregated_response = [&](bool core) {
    nlohmann::json doc = aggregated_discovery(store_.registry, core);
    doc["apiVersion"] = "apidiscovery.k8s.io/" + discovery_version;
    Response r = json_response(200, doc);
    r.content_type = "application/json;g=apidiscovery.k8s.io;v=" + discovery_version + ";as=APIGroupDiscoveryList";
    return r;
  };
  std::string group, version;
  std::size_t rest = 0;
  {
    std::lock_guard lock(store_.mu);
    if (seg[0] == "api") {
      if (seg.size() == 1) {
        if (aggregated) return aggregated_response(true);
        return json_response(200, api_versions(options_.server_address));
      }
      version = seg[1];
      rest = 2;
    } else {
      if (seg.size() == 1) {
        if (aggregated) return aggregated_response(false);
        return json_response(200, api_group_list(store_.registry));
      }
      group = seg[1];
      if (seg.size() == 2) {
        auto g = api_group(store_.registry, group);
        if (!g) return error_response({404, "NotFound", "the server could not find the requested resource", {}});
        return json_response(200, *g);
      }
      version = seg[2];
      rest = 3;
    }
    if (seg.size() == rest) {
      auto l = api_resource_list(store_.registry, group, version);
      if (!l) return error_response({404, "NotFound", "the server could not find the requested resource", {}});
      return json_response(200, *l);
    }
  }
  std::vector<std::string> r(seg.begin() + static_cast<long>(rest), seg.end());
  Target t;
  if (r[0] == "watch") {
    t.watch = true;
    r.erase(r.begin());
  }
  std::lock_guard lock(store_.mu);
  auto resolve = [&](const std::string& plural) { return store_.registry.find(group, version, plural); };
  if (r.size() >= 3 && r[0] == "namespaces" && resolve(r[2]) && r[2] != "status" && r[2] != "finalize") {
    t.ns = r[1];
    t.type = resolve(r[2]);
    if (r.size() > 3) t.name = r[3];
    if (r.size() > 4) t.subresource = r[4];
    if (!t.type->namespaced) t.type = nullptr;
  } else if (!r.empty()) {
    t.type = resolve(r[0]);
    if (r.size() > 1) t.name = r[1];
    if (r.size() > 2) t.subresource = r[2];
    if (t.type && t.type->namespaced && !t.name.empty()) t.type = nullptr;  // needs /namespaces/NS/
  }
  if (!t.type || r.size() > 5)
    return error_response({404, "NotFound", "the server could not find the requested resource", {}});
  if (!t.subresource.empty() && !(t.subresource == "status" && t.type->status_subresource) &&
      !(t.subresource == "finalize" && t.type->kind == "Namespace"))
    return error_response({404, "NotFound", "the server could not find the requested resource", {}});
  return handle_resource(req, t);
}

void Api::forbid(std::set<std::string> resources) {
  std::lock_guard lock(forbidden_mu_);
  options_.forbidden = std::move(resources);
}

Response Api::handle_resource(const Request& req, const Target& t) {
  const std::string& m = req.method;
  bool watching = t.watch || req.param("watch") == "true" || req.param("watch") == "1";
  bool forbidden = false;
  {
    std::lock_guard lock(forbidden_mu_);
    forbidden = options_.forbidden.count(t.type->group_resource()) > 0;
  }
  if (forbidden) {
    // The authorizer's wording: `secrets is forbidden: User "admin" cannot list resource "secrets"
    // in API group "" in the namespace "db"`.
    std::string verb = m == "GET" ? (watching ? "watch" : t.name.empty() ? "list" : "get")
                       : m == "POST" ? "create" : m == "PUT" ? "update" : m == "PATCH" ? "patch"
                       : t.name.empty() ? "deletecollection" : "delete";
    std::string scope = t.type->namespaced && !t.ns.empty() ? "in the namespace \"" + t.ns + "\"" : "at the cluster scope";
    std::string what = t.type->group_resource() + (t.name.empty() ? "" : " \"" + t.name + "\"");
    return error_response(ApiError{403, "Forbidden",
                                   what + " is forbidden: User \"" + req.user + "\" cannot " + verb + " resource \"" +
                                       t.type->plural + "\" in API group \"" + t.type->group + "\" " + scope,
                                   {{"kind", t.type->plural}, {"name", t.name}, {"group", t.type->group}}});
  }
  if (m == "GET" && watching) return watch(req, t);
  if (m == "GET") return t.name.empty() ? list(req, t) : get(req, t);
  if (m == "POST" && t.name.empty()) return create(req, t);
  if (m == "PUT" && !t.name.empty()) {
    std::string error;
    auto body = parse_body(req.body, error, req.header("content-type"));
    if (!body || !body->is_object())
      return error_response(bad_request("the body of the request was in an unknown format: " + error));
    return update(req, t, *body);
  }
  if (m == "PATCH" && !t.name.empty()) return patch(req, t);
  if (m == "DELETE") return t.name.empty() ? remove_collection(req, t) : remove(req, t);
  return error_response(method_not_supported(m));
}

Response Api::respond_object(const Request& req, const Target& t, const json& obj, int status) {
  if (wants_table(req.header("accept")))
    return json_response(status, to_table(*t.type, {obj}, req.param("includeObject"), store_.now(), json::object()));
  return json_response(status, obj);
}

Response Api::get(const Request& req, const Target& t) {
  const json* obj = store_.get_locked(*t.type, t.ns, t.name);
  if (!obj) return error_response(not_found(t.type->group_resource(), t.name));
  return respond_object(req, t, *obj, 200);
}

Response Api::list(const Request& req, const Target& t) {
  auto filters = filters_of(req);
  if (!filters) return error_response(bad_request(filters.status().message()));
  std::string start;
  if (!req.param("continue").empty()) {
    auto decoded = base64_decode(req.param("continue"));
    if (!decoded) return error_response(bad_request("continue key is not valid: illegal base64 data"));
    start = *decoded;
  }
  long limit = 0;
  if (!req.param("limit").empty()) limit = std::atol(req.param("limit").c_str());
  std::vector<json> items;
  json meta = {{"resourceVersion", std::to_string(store_.resource_version_locked())}};
  std::size_t remaining = 0;
  for (const json* o : store_.list_locked(*t.type, t.ns)) {
    std::string key = (*o)["metadata"].value("namespace", "") + "/" + (*o)["metadata"].value("name", "");
    if (!start.empty() && key < start) continue;
    if (!filters->matches(*o)) continue;
    if (limit > 0 && static_cast<long>(items.size()) == limit) {
      if (!meta.contains("continue")) meta["continue"] = base64_encode(key);
      ++remaining;
      continue;
    }
    items.push_back(*o);
  }
  if (remaining) meta["remainingItemCount"] = remaining;
  if (wants_table(req.header("accept")))
    return json_response(200, to_table(*t.type, items, req.param("includeObject"), store_.now(), meta));
  json arr = json::array();
  for (json& o : items) arr.push_back(std::move(o));
  return json_response(200, {{"kind", t.type->kind + "List"},
                             {"apiVersion", t.type->api_version()},
                             {"metadata", meta},
                             {"items", arr}});
}

Response Api::watch(const Request& req, const Target& t) {
  auto filters = filters_of(req);
  if (!filters) return error_response(bad_request(filters.status().message()));
  std::string rv = req.param("resourceVersion");
  if (!t.name.empty()) {  // GET /watch/.../NAME watches one object
    filters->fields.terms.push_back({"metadata.name", false, t.name});
  }
  const bool table = wants_table(req.header("accept"));
  const std::string include = req.param("includeObject");
  const bool bookmarks = req.param("allowWatchBookmarks") == "true";
  long timeout_s = req.param("timeoutSeconds").empty() ? 1800 : std::atol(req.param("timeoutSeconds").c_str());
  ResourceType rt = *t.type;
  Target target = t;
  Response resp;
  resp.stream = [this, rt, target, filters = *filters, rv, table, include, bookmarks, timeout_s](const ChunkWriter& write) {
    auto line = [&](const std::string& type, const json& obj) {
      json o = table && type != "ERROR" && type != "BOOKMARK" ? to_table(rt, {obj}, include, store_.now(), json::object())
                                                                : obj;
      return json{{"type", type}, {"object", o}}.dump() + "\n";
    };
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    std::vector<std::string> out;
    std::unique_lock lock(store_.mu);
    ++store_.active_watches;
    struct Leave {
      Store& s;
      std::unique_lock<std::mutex>& l;
      ~Leave() {
        if (!l.owns_lock()) l.lock();
        --s.active_watches;
      }
    } leave{store_, lock};
    int64_t last = store_.resource_version_locked();
    if (rv.empty() || rv == "0") {
      // No resourceVersion: the current state first, as synthetic ADDED events.
      for (const json* o : store_.list_locked(rt, target.ns))
        if (filters.matches(*o)) out.push_back(line("ADDED", *o));
    } else {
      last = std::atoll(rv.c_str());
      if (last < store_.oldest_resumable_locked()) {
        ApiError e = gone("too old resource version: " + rv + " (" +
                          std::to_string(store_.oldest_resumable_locked() + 1) + ")");
        out.push_back(line("ERROR", e.to_json()));
        lock.unlock();
        write(out.back());
        return;
      }
    }
    while (true) {
      for (const Event& e : store_.events_locked()) {
        if (e.rv <= last || e.resource != rt.group_resource()) continue;
        const bool now_in = in_scope(rt, target, e.object) && filters.matches(e.object);
        const bool was_in = !e.previous.is_null() && in_scope(rt, target, e.previous) && filters.matches(e.previous);
        if (e.type == "DELETED" && now_in) out.push_back(line("DELETED", e.object));
        if (e.type == "ADDED" && now_in) out.push_back(line("ADDED", e.object));
        if (e.type == "MODIFIED") {
          if (now_in && was_in) out.push_back(line("MODIFIED", e.object));
          if (now_in && !was_in) out.push_back(line("ADDED", e.object));
          if (!now_in && was_in) out.push_back(line("DELETED", e.object));
        }
      }
      last = store_.resource_version_locked();
      bool stopping = store_.stopping;
      lock.unlock();
      for (const std::string& l : out)
        if (!write(l)) return;
      out.clear();
      if (stopping || std::chrono::steady_clock::now() >= deadline || !write("")) return;
      lock.lock();
      bool woke = store_.changed.wait_for(lock, options_.bookmark_interval, [&] {
        return store_.stopping || store_.resource_version_locked() > last;
      });
      if (!woke && bookmarks)
        out.push_back(line("BOOKMARK", {{"kind", rt.kind},
                                        {"apiVersion", rt.api_version()},
                                        {"metadata", {{"resourceVersion", std::to_string(last)}}}}));
    }
  };
  return resp;
}

}  // namespace bg::testserver
