#include "nodes/kubeadm_api.h"

#include <map>

#include "k8s/json_view.h"

namespace bg::nodes {
namespace {

using Json = nlohmann::json;

enum class Shape { kScalar, kObject, kObjectList, kScalarList, kMap };
using Fields = std::map<std::string, Shape>;  // dotted path ("a.b", lists as "a[]") → shape

constexpr Shape S = Shape::kScalar, O = Shape::kObject, LO = Shape::kObjectList, LS = Shape::kScalarList,
                M = Shape::kMap;

void add(Fields& f, const std::string& prefix, std::initializer_list<std::pair<const char*, Shape>> fields) {
  for (const auto& [name, shape] : fields) f[prefix.empty() ? name : prefix + "." + name] = shape;
}

void args(Fields& f, const std::string& p) { add(f, p, {{"name", S}, {"value", S}}); }

void env_vars(Fields& f, const std::string& p) {  // core/v1 EnvVar
  add(f, p, {{"name", S}, {"value", S}, {"valueFrom", M}});
}

void timeouts(Fields& f, const std::string& p) {
  add(f, p, {{"controlPlaneComponentHealthCheck", S}, {"kubeletHealthCheck", S}, {"kubernetesAPICall", S},
             {"etcdAPICall", S}, {"tlsBootstrap", S}, {"discovery", S}, {"upgradeManifests", S}});
}

void node_registration(Fields& f, const std::string& p) {
  add(f, p, {{"name", S}, {"criSocket", S}, {"taints", LO}, {"kubeletExtraArgs", LO}, {"ignorePreflightErrors", LS},
             {"imagePullPolicy", S}, {"imagePullSerial", S}});
  add(f, p + ".taints[]", {{"key", S}, {"value", S}, {"effect", S}, {"timeAdded", S}});
  args(f, p + ".kubeletExtraArgs[]");
}

void api_endpoint(Fields& f, const std::string& p) { add(f, p, {{"advertiseAddress", S}, {"bindPort", S}}); }

void control_plane_component(Fields& f, const std::string& p) {
  add(f, p, {{"extraArgs", LO}, {"extraVolumes", LO}, {"extraEnvs", LO}});
  args(f, p + ".extraArgs[]");
  add(f, p + ".extraVolumes[]", {{"name", S}, {"hostPath", S}, {"mountPath", S}, {"readOnly", S}, {"pathType", S}});
  env_vars(f, p + ".extraEnvs[]");
}

Fields common() {
  Fields f;
  add(f, "", {{"apiVersion", S}, {"kind", S}});
  return f;
}

Fields init_configuration() {
  Fields f = common();
  add(f, "", {{"bootstrapTokens", LO}, {"dryRun", S}, {"nodeRegistration", O}, {"localAPIEndpoint", O},
              {"certificateKey", S}, {"skipPhases", LS}, {"patches", O}, {"timeouts", O}});
  add(f, "bootstrapTokens[]", {{"token", S}, {"description", S}, {"ttl", S}, {"expires", S}, {"usages", LS}, {"groups", LS}});
  node_registration(f, "nodeRegistration");
  api_endpoint(f, "localAPIEndpoint");
  add(f, "patches", {{"directory", S}});
  timeouts(f, "timeouts");
  return f;
}

Fields cluster_configuration() {
  Fields f = common();
  add(f, "", {{"etcd", O}, {"networking", O}, {"kubernetesVersion", S}, {"controlPlaneEndpoint", S}, {"apiServer", O},
              {"controllerManager", O}, {"scheduler", O}, {"dns", O}, {"proxy", O}, {"certificatesDir", S},
              {"imageRepository", S}, {"featureGates", M}, {"clusterName", S}, {"encryptionAlgorithm", S},
              {"certificateValidityPeriod", S}, {"caCertificateValidityPeriod", S}});
  add(f, "etcd", {{"local", O}, {"external", O}});
  add(f, "etcd.local", {{"imageRepository", S}, {"imageTag", S}, {"dataDir", S}, {"extraArgs", LO}, {"extraEnvs", LO},
                        {"serverCertSANs", LS}, {"peerCertSANs", LS}});
  args(f, "etcd.local.extraArgs[]");
  env_vars(f, "etcd.local.extraEnvs[]");
  add(f, "etcd.external", {{"endpoints", LS}, {"httpEndpoints", LS}, {"caFile", S}, {"certFile", S}, {"keyFile", S}});
  add(f, "networking", {{"serviceSubnet", S}, {"podSubnet", S}, {"dnsDomain", S}});
  control_plane_component(f, "apiServer");
  add(f, "apiServer", {{"certSANs", LS}});
  control_plane_component(f, "controllerManager");
  control_plane_component(f, "scheduler");
  add(f, "dns", {{"imageRepository", S}, {"imageTag", S}, {"disabled", S}});
  add(f, "proxy", {{"disabled", S}});
  return f;
}

Fields join_configuration() {
  Fields f = common();
  add(f, "", {{"dryRun", S}, {"nodeRegistration", O}, {"caCertPath", S}, {"discovery", O}, {"controlPlane", O},
              {"skipPhases", LS}, {"patches", O}, {"timeouts", O}});
  node_registration(f, "nodeRegistration");
  add(f, "discovery", {{"bootstrapToken", O}, {"file", O}, {"tlsBootstrapToken", S}});
  add(f, "discovery.bootstrapToken",
      {{"token", S}, {"apiServerEndpoint", S}, {"caCertHashes", LS}, {"unsafeSkipCAVerification", S}});
  add(f, "discovery.file", {{"kubeConfigPath", S}});
  add(f, "controlPlane", {{"localAPIEndpoint", O}, {"certificateKey", S}});
  api_endpoint(f, "controlPlane.localAPIEndpoint");
  add(f, "patches", {{"directory", S}});
  timeouts(f, "timeouts");
  return f;
}

// Only the fields Betelgeuse writes (kubelet.config.k8s.io/v1beta1 has many more).
Fields kubelet_configuration_fields() {
  Fields f = common();
  add(f, "", {{"cgroupDriver", S}, {"containerRuntimeEndpoint", S}});
  return f;
}

const Fields* fields_for(const std::string& api_version, const std::string& kind) {
  static const std::map<std::string, Fields> kKubeadm = {{"InitConfiguration", init_configuration()},
                                                         {"ClusterConfiguration", cluster_configuration()},
                                                         {"JoinConfiguration", join_configuration()}};
  static const Fields kKubelet = kubelet_configuration_fields();
  if (api_version == "kubeadm.k8s.io/v1beta4") {
    auto it = kKubeadm.find(kind);
    return it == kKubeadm.end() ? nullptr : &it->second;
  }
  if (api_version == "kubelet.config.k8s.io/v1beta1" && kind == "KubeletConfiguration") return &kKubelet;
  return nullptr;
}

bool shape_matches(Shape shape, const Json& v) {
  switch (shape) {
    case Shape::kScalar: return v.is_primitive() && !v.is_null();
    case Shape::kObject:
    case Shape::kMap: return v.is_object();
    case Shape::kObjectList:
      if (!v.is_array()) return false;
      for (const Json& item : v)
        if (!item.is_object()) return false;
      return true;
    case Shape::kScalarList:
      if (!v.is_array()) return false;
      for (const Json& item : v)
        if (!item.is_primitive() || item.is_null()) return false;
      return true;
  }
  return false;
}

const char* shape_name(Shape s) {
  switch (s) {
    case Shape::kScalar: return "a single value";
    case Shape::kObject: return "an object";
    case Shape::kMap: return "a map";
    case Shape::kObjectList: return "a list of objects";
    case Shape::kScalarList: return "a list of values";
  }
  return "";
}

void walk(const Fields& fields, const std::string& kind, const Json& obj, const std::string& prefix,
          std::vector<std::string>& out) {
  for (const auto& [key, value] : obj.items()) {
    std::string path = prefix.empty() ? key : prefix + "." + key;
    auto it = fields.find(path);
    if (it == fields.end()) {
      out.push_back(kind + ": " + path + ": not a field of the API");
      continue;
    }
    if (!shape_matches(it->second, value)) {
      out.push_back(kind + ": " + path + ": must be " + shape_name(it->second));
      continue;
    }
    if (it->second == Shape::kObject) walk(fields, kind, value, path, out);
    if (it->second == Shape::kObjectList)
      for (const Json& item : value) walk(fields, kind, item, path + "[]", out);
  }
}

}  // namespace

std::vector<std::string> unknown_fields(const Json& document) {
  std::vector<std::string> out;
  std::string api = k8s::JsonView(document)["apiVersion"].str(), kind = k8s::JsonView(document)["kind"].str();
  const Fields* fields = fields_for(api, kind);
  if (!fields) return {api + " " + kind + ": not a known kind"};
  walk(*fields, kind, document, "", out);
  return out;
}

}  // namespace bg::nodes
