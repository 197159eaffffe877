// Exec credential plugins (client.authentication.k8s.io/v1): run the kubeconfig's command with
// KUBERNETES_EXEC_INFO set, read an ExecCredential from its stdout, and use the token or client
// certificate it returns until its expirationTimestamp.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "common/result.h"
#include "kube/kubeconfig.h"

namespace bg::kube {

struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<std::chrono::system_clock::time_point> expires;
};

Result<ExecCredential> run_exec_plugin(const ExecConfig& exec, const ClientConfig& cluster);

// Parses an ExecCredential document (the plugin's stdout).
Result<ExecCredential> parse_exec_credential(const std::string& text, const std::string& expected_api_version);

}  // namespace bg::kube
