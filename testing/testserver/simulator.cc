#include "testing/testserver/simulator.h"

#include "k8s/conditions.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

bool is_route(const ResourceType& rt) {
  return rt.group == "gateway.networking.k8s.io" && rt.kind.size() > 5 && rt.kind.ends_with("Route");
}
bool is_webhook_configuration(const ResourceType& rt) {
  return rt.group == "admissionregistration.k8s.io" && rt.kind.ends_with("WebhookConfiguration");
}

bool simulated(const ResourceType& rt) {
  const std::string& k = rt.kind;
  return (rt.group == "apps" && (k == "Deployment" || k == "StatefulSet" || k == "DaemonSet")) ||
         (rt.group == "batch" && k == "Job") || (rt.group.empty() && k == "PersistentVolumeClaim") ||
         (rt.group == "cert-manager.io" && (k == "Certificate" || k == "Issuer" || k == "ClusterIssuer")) ||
         (rt.group == "gateway.networking.k8s.io" && k == "Gateway") || is_route(rt) || is_webhook_configuration(rt);
}

// Whether cert-manager's cainjector would fill this webhook configuration's CA and has not yet.
bool awaits_ca(const json& obj) {
  const json& meta = obj.value("metadata", json::object());
  const json ann = meta.is_object() ? meta.value("annotations", json::object()) : json::object();
  if (!ann.is_object() || (!ann.contains("cert-manager.io/inject-ca-from") && !ann.contains("cert-manager.io/inject-ca-from-secret")))
    return false;
  for (const json& w : obj.value("webhooks", json::array()))
    if (w.is_object() && w.value("clientConfig", json::object()).value("caBundle", "").empty()) return true;
  return false;
}

// Whether the object still waits for the simulator.
bool pending(const ResourceType& rt, const json& obj) {
  const json& st = obj.value("status", json::object());
  if (rt.kind == "PersistentVolumeClaim") return st.value("phase", "") != "Bound";
  if (rt.group == "cert-manager.io" || rt.kind == "Job") return k8s::conditions_of(obj).empty();
  if (rt.kind == "Gateway") return !k8s::condition_is(obj, "Programmed", "True");
  if (is_route(rt)) return st.value("parents", json::array()).empty();
  if (is_webhook_configuration(rt)) return awaits_ca(obj);
  return st.value("observedGeneration", int64_t{0}) != obj["metadata"].value("generation", int64_t{1});
}

// What the cainjector would write: base64 of a PEM certificate's first line will do for a test.
constexpr const char* kInjectedCa = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==";

json condition(const std::string& type, bool status, const std::string& reason, const std::string& message,
               const std::string& now) {
  return {{"type", type},          {"status", status ? "True" : "False"},
          {"reason", reason},      {"message", message},
          {"lastTransitionTime", now}, {"lastUpdateTime", now}};
}

}  // namespace

bool marked_never_ready(const json& object) {
  const json& meta = object.value("metadata", json::object());
  const json& ann = meta.is_object() ? meta.value("annotations", json::object()) : json::object();
  return ann.is_object() && ann.value(kReadyAnnotation, json()) == "never";
}

void mark_never_ready(json& object) { object["metadata"]["annotations"][kReadyAnnotation] = "never"; }

Simulator::Simulator(Store& store, SimulatorOptions options) : store_(store), options_(options) {
  std::lock_guard lock(store_.mu);
  store_.on_store.push_back([this](const ResourceType& rt, const json& obj) {
    if (!simulated(rt) || !pending(rt, obj)) return;
    // At once: the controller's write nests inside the one that woke it (its own on_store call
    // finds nothing pending).
    if (options_.at_once) settle({rt, obj["metadata"].value("namespace", ""), obj["metadata"].value("name", "")});
    else schedule(rt, obj);
  });
  if (!options_.at_once) thread_ = std::thread([this] { run(); });
}

Simulator::~Simulator() { stop(); }

void Simulator::stop() {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(store_.mu);
  store_.on_store.clear();
}

void Simulator::schedule(const ResourceType& rt, const json& obj) {
  std::lock_guard lock(mu_);
  due_.insert({std::chrono::steady_clock::now() + options_.ready_delay,
               Due{rt, obj["metadata"].value("namespace", ""), obj["metadata"].value("name", "")}});
  cv_.notify_all();
}

void Simulator::run() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    if (due_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto when = due_.begin()->first;
    if (std::chrono::steady_clock::now() < when) {
      cv_.wait_until(lock, when);
      continue;
    }
    Due d = due_.begin()->second;
    due_.erase(due_.begin());
    lock.unlock();
    {
      std::lock_guard cl(store_.mu);
      settle(d);
    }
    lock.lock();
  }
}

void Simulator::settle(const Due& d) {
  const json* found = store_.get_locked(d.type, d.ns, d.name);
  if (!found || !pending(d.type, *found)) return;
  json obj = *found;
  const json& ann = obj["metadata"].value("annotations", json::object());
  bool never = options_.never_ready || marked_never_ready(obj);
  std::string now = store_.timestamp();
  int64_t gen = obj["metadata"].value("generation", int64_t{1});
  json& st = obj["status"];
  const std::string& k = d.type.kind;
  if (k == "StatefulSet") make_claims(obj);
  if (k == "Deployment" || k == "StatefulSet") {
    int64_t replicas = obj["spec"].value("replicas", int64_t{1});
    int64_t ready = never ? 0 : replicas;
    st["observedGeneration"] = gen;
    st["replicas"] = replicas;
    st["updatedReplicas"] = replicas;
    st["readyReplicas"] = ready;
    st["availableReplicas"] = ready;
    if (ready == 0) st.erase("readyReplicas");
    if (k == "Deployment") {
      st["unavailableReplicas"] = replicas - ready;
      if (replicas == ready) st.erase("unavailableReplicas");
      st["conditions"] = {
          never ? condition("Available", false, "MinimumReplicasUnavailable",
                            "Deployment does not have minimum availability.", now)
                : condition("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability.",
                            now),
          condition("Progressing", true, never ? "ReplicaSetUpdated" : "NewReplicaSetAvailable",
                    "ReplicaSet \"" + d.name + "-5d8f7c9b4\" " + (never ? "is progressing." : "has successfully progressed."),
                    now)};
    } else {
      st["currentReplicas"] = replicas;
      st["currentRevision"] = d.name + "-5d8f7c9b4";
      st["updateRevision"] = d.name + "-5d8f7c9b4";
      st["collisionCount"] = 0;
    }
  } else if (k == "DaemonSet") {
    st["observedGeneration"] = gen;
    st["desiredNumberScheduled"] = 1;
    st["currentNumberScheduled"] = 1;
    st["updatedNumberScheduled"] = 1;
    st["numberMisscheduled"] = 0;
    st["numberReady"] = never ? 0 : 1;
    st["numberAvailable"] = never ? 0 : 1;
    if (never) st["numberUnavailable"] = 1;
  } else if (k == "Job") {
    if (never) return;  // a Job that never finishes simply keeps running
    bool fail = ann.value(kOutcomeAnnotation, "") == "fail";
    st["startTime"] = now;
    if (fail) {
      st["failed"] = obj["spec"].value("backoffLimit", int64_t{6}) + 1;
      st["conditions"] = {condition("FailureTarget", true, "BackoffLimitExceeded",
                                    "Job has reached the specified backoff limit", now),
                          condition("Failed", true, "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                                    now)};
    } else {
      st["succeeded"] = obj["spec"].value("completions", int64_t{1});
      st["completionTime"] = now;
      st["conditions"] = {condition("SuccessCriteriaMet", true, "CompletionsReached", "Reached expected number of succeeded pods", now),
                          condition("Complete", true, "CompletionsReached", "Reached expected number of succeeded pods", now)};
    }
    st["ready"] = 0;
  } else if (k == "PersistentVolumeClaim") {
    if (never) return;
    obj["spec"]["volumeName"] = "pvc-" + obj["metadata"].value("uid", "");
    st["phase"] = "Bound";
    st["accessModes"] = obj["spec"].value("accessModes", json::array());
    st["capacity"] = {
        {"storage", obj["spec"].value("resources", json::object()).value("requests", json::object()).value("storage", "1Gi")}};
  } else if (k == "Certificate") {
    st["conditions"] = {never ? condition("Ready", false, "Issuing", "Issuing certificate as Secret does not exist", now)
                              : condition("Ready", true, "Ready", "Certificate is up to date and has not expired", now)};
    st["conditions"][0]["observedGeneration"] = gen;
    if (!never) {
      st["notBefore"] = now;
      st["notAfter"] = "2099-01-01T00:00:00Z";
      st["renewalTime"] = "2098-12-01T00:00:00Z";
      st["revision"] = 1;
    }
  } else if (k == "Issuer" || k == "ClusterIssuer") {
    st["conditions"] = {never ? condition("Ready", false, "ErrGetKeyPair", "Error getting keypair for CA issuer", now)
                              : condition("Ready", true, "KeyPairVerified", "Signing CA verified", now)};
    st["conditions"][0]["observedGeneration"] = gen;
  } else if (k == "Gateway") {
    if (never) return;  // no controller takes it: the CRD's defaults (Accepted Unknown) would stay
    json accepted = condition("Accepted", true, "Accepted", "Gateway successfully scheduled", now);
    json programmed = condition("Programmed", true, "Programmed", "Gateway successfully reconciled", now);
    accepted["observedGeneration"] = programmed["observedGeneration"] = gen;
    st["conditions"] = {accepted, programmed};
    st["listeners"] = json::array();
    for (const json& l : obj["spec"].value("listeners", json::array())) {
      if (!l.is_object()) continue;
      json conditions = json::array();
      for (const char* type : {"Accepted", "Programmed", "ResolvedRefs"}) {
        conditions.push_back(condition(type, true, type, "", now));
        conditions.back()["observedGeneration"] = gen;
      }
      st["listeners"].push_back({{"name", l.value("name", "")}, {"attachedRoutes", 0}, {"supportedKinds", json::array()},
                                 {"conditions", conditions}});
    }
  } else if (is_route(d.type)) {
    if (never) return;  // no parent reports on it
    st["parents"] = json::array();
    for (const json& ref : obj["spec"].value("parentRefs", json::array())) {
      json conditions = {condition("Accepted", true, "Accepted", "", now), condition("ResolvedRefs", true, "ResolvedRefs", "", now)};
      for (json& c : conditions) c["observedGeneration"] = gen;
      st["parents"].push_back({{"parentRef", ref}, {"controllerName", "io.cilium/gateway-controller"}, {"conditions", conditions}});
    }
  } else if (is_webhook_configuration(d.type)) {
    if (never) return;
    obj.erase("status");
    for (json& w : obj["webhooks"])
      if (w.is_object() && w["clientConfig"].value("caBundle", "").empty()) w["clientConfig"]["caBundle"] = kInjectedCa;
  }
  store_.store_locked(d.type, obj);
}

// The StatefulSet controller makes a claim per volumeClaimTemplate and replica, before the pods,
// labelled with the template's labels and the set's matchLabels. The default retention policy
// (Retain) gives them no owner: they outlive the set, and with them its data.
void Simulator::make_claims(const json& set) {
  const ResourceType* claims = store_.registry.find("", "v1", "persistentvolumeclaims");
  const json& spec = set.value("spec", json::object());
  const std::string ns = set["metadata"].value("namespace", ""), name = set["metadata"].value("name", "");
  const json selector = spec.value("selector", json::object()).value("matchLabels", json::object());
  for (const json& t : spec.value("volumeClaimTemplates", json::array())) {
    const json& meta = t.value("metadata", json::object());
    if (meta.value("name", "").empty()) continue;
    for (int64_t i = 0; i < spec.value("replicas", int64_t{1}); ++i) {
      std::string claim = meta.value("name", "") + "-" + name + "-" + std::to_string(i);
      if (store_.get_locked(*claims, ns, claim)) continue;
      json labels = meta.value("labels", json::object());
      labels.update(selector);
      json m = {{"name", claim}, {"namespace", ns}, {"uid", new_uid()}, {"creationTimestamp", store_.timestamp()}};
      if (!labels.empty()) m["labels"] = labels;
      store_.store_locked(*claims, {{"apiVersion", "v1"}, {"kind", "PersistentVolumeClaim"}, {"metadata", m},
                                    {"spec", t.value("spec", json::object())}, {"status", {{"phase", "Pending"}}}});
    }
  }
}

}  // namespace bg::testserver
