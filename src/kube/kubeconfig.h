// Kubeconfig, read exactly as kubectl reads it, into the one ClientConfig a connection needs.
//
// Sources, in kubectl's order: --kubeconfig (that file alone, which must exist), else every file in
// $KUBECONFIG (missing ones skipped) merged — for clusters, users and contexts the first file that
// names an entry wins, and the first non-empty current-context wins — else ~/.kube/config, else the
// in-cluster service account (KUBERNETES_SERVICE_HOST plus the mounted token and CA). --context and
// -n override the file. Certificates and keys come inline (*-data, base64) or from files (relative to
// the kubeconfig that names them); credentials are a client certificate, a token or tokenFile, or
// an exec plugin. insecure-skip-tls-verify is honoured only when the kubeconfig says so.
//
// Mistakes are Diagnostics at file:line:col, like mistakes in a platform spec, and all are
// reported, not only the first.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/filesystem.h"
#include "diag/diagnostic.h"

namespace bg::kube {

struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 (or v1beta1)
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  bool provide_cluster_info = false;
  std::string install_hint;
};

struct ClientConfig {
  std::string context;  // "" when in-cluster
  std::string server;   // https://host:port
  std::string ca_pem;   // empty: the system's roots
  bool insecure_skip_tls_verify = false;
  std::string tls_server_name;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string token;
  std::string token_file;  // read on every request, as kubectl does (it may be rotated)
  std::optional<ExecConfig> exec;
  std::string namespace_name = "default";
};

struct KubeconfigOptions {
  std::string kubeconfig_flag;  // --kubeconfig
  std::string kubeconfig_env;   // $KUBECONFIG, ':'-separated
  std::string home;             // for ~/.kube/config
  std::string context;          // --context
  std::string namespace_name;   // -n
  // In-cluster configuration (used when no kubeconfig file exists at all).
  std::string service_host;  // $KUBERNETES_SERVICE_HOST
  std::string service_port;  // $KUBERNETES_SERVICE_PORT
  std::string service_account_dir = "/var/run/secrets/kubernetes.io/serviceaccount";
};

// Fills the environment-derived fields (KUBECONFIG, HOME, KUBERNETES_SERVICE_*).
KubeconfigOptions options_from_environment();

struct KubeconfigResult {
  std::optional<ClientConfig> config;  // set when diagnostics has no errors
  Diagnostics diagnostics;
  SourceTexts sources;  // for render_diagnostics
};

KubeconfigResult load_client_config(const KubeconfigOptions& options, FileSystem& fs);

}  // namespace bg::kube
