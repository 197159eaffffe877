#include "apply/status.h"

#include <map>
#include <set>

#include "apply/gate.h"
#include "k8s/json_view.h"

namespace bg::apply {
namespace {

// Worse health wins: Failed > Terminating > NotFound > InProgress > Current.
int rank(Health h) {
  switch (h) {
    case Health::kCurrent: return 0;
    case Health::kInProgress: return 1;
    case Health::kNotFound: return 2;
    case Health::kTerminating: return 3;
    case Health::kFailed: return 4;
  }
  return 0;
}

bool is_workload(const std::string& kind) { return kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet"; }

using k8s::JsonView;

void count_replicas(JsonView live, ComponentStatus& row) {
  JsonView status = live["status"];
  if (live["kind"].str() == "DaemonSet") {
    row.desired += status["desiredNumberScheduled"].integer();
    row.ready += status["numberReady"].integer();
    return;
  }
  row.desired += live["spec"]["replicas"].integer(1);
  row.ready += status["readyReplicas"].integer();
}

}  // namespace

Result<std::vector<ComponentStatus>> platform_status(Cluster& cluster, const platform::Platform& p, const manifest::ObjectSet& objects) {
  std::map<std::string, ComponentStatus> rows;
  for (const platform::Component& c : p.components) {
    ComponentStatus& row = rows[c.name];
    row.component = c.name;
    row.ns = c.ns;
    if (c.ui) row.urls.push_back("https://" + c.ui->host + "/");
    for (const platform::TcpRoute& t : c.tcp)
      for (const std::string& address : p.ingress_addresses) row.tcp.push_back(address + ":" + std::to_string(t.public_port));
  }
  // A component is NotFound when none of its objects is there; one that is there but lacks some
  // (an apply under way or cut short, an object deleted by hand) is InProgress, and says what it lacks.
  std::map<std::string, std::string> first_missing;  // component → "Ingress grafana: Resource not found"
  std::set<std::string> present;                     // components with at least one object there
  for (const manifest::Object& o : objects.objects()) {
    auto it = rows.find(o.from.component);
    if (it == rows.end()) continue;
    ComponentStatus& row = it->second;
    ObjectRef ref = ObjectRef::of(o.body);
    auto live = cluster.get(ref);
    if (!live) return live.status();
    HealthReport h = health_of(*live);
    if (h.health == Health::kNotFound) {
      first_missing.try_emplace(row.component, ref.kind + " " + ref.name + ": " + h.message);
      continue;
    }
    present.insert(row.component);
    if (rank(h.health) > rank(row.health)) {
      row.health = h.health;
      row.message = ref.kind + " " + ref.name + ": " + h.message;
      // What blocks a workload is usually further down: a pod the scheduler cannot place, a pod
      // admission refused. Say that, as apply's blocked wave does.
      if (!live->is_null() && (is_workload(ref.kind) || ref.kind == "Job"))
        if (std::string cause = root_cause(explain(cluster, ref, h)); !cause.empty())
          row.message = ref.kind + " " + ref.name + ": " + cause;
    }
    if (live->is_null()) continue;
    if (is_workload(ref.kind)) count_replicas(*live, row);
    // ingress-nginx's shim names the Certificate after the Ingress's TLS secret.
    if (ref.kind == "Ingress")
      for (JsonView tls : JsonView(*live)["spec"]["tls"].items()) {
        auto cert = cluster.get({"cert-manager.io/v1", "Certificate", ref.ns, tls["secretName"].str()});
        if (!cert) return cert.status();
        if (cert->is_object()) row.certificate_expiry = JsonView(*cert)["status"]["notAfter"].str();
      }
    if (ref.kind == "Certificate")
      row.certificate_expiry = JsonView(*live)["status"]["notAfter"].str(row.certificate_expiry);
    if (ref.kind == "StatefulSet") {
      auto claims = cluster.list({"", "PersistentVolumeClaim", ref.ns, "", ""});
      if (!claims) return claims.status();
      for (JsonView claim : *claims) {
        std::string name = claim["metadata"]["name"].str();
        if (name.size() > ref.name.size() && name.find("-" + ref.name + "-") != std::string::npos)
          row.storage =
              claim["status"]["capacity"]["storage"].str(claim["spec"]["resources"]["requests"]["storage"].str());
      }
    }
  }
  for (const auto& [name, missing] : first_missing) {
    ComponentStatus& row = rows[name];
    if (!present.contains(name)) {
      row.health = Health::kNotFound;
      row.message = missing;
    } else if (row.health == Health::kCurrent) {
      row.health = Health::kInProgress;
      row.message = missing;
    }  // otherwise what is there already says why the component is not healthy
  }
  std::vector<ComponentStatus> out;
  for (auto& [name, row] : rows) out.push_back(std::move(row));
  return out;
}

nlohmann::json status_json(const std::vector<ComponentStatus>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const ComponentStatus& r : rows)
    out.push_back({{"component", r.component},
                   {"namespace", r.ns},
                   {"health", health_name(r.health)},
                   {"message", r.message},
                   {"ready", r.ready},
                   {"desired", r.desired},
                   {"urls", r.urls},
                   {"tcp", r.tcp},
                   {"certificateExpiry", r.certificate_expiry},
                   {"storage", r.storage}});
  return out;
}

}  // namespace bg::apply
