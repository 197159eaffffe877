#include "kube/exec_credential.h"

#include <ctime>

#include <nlohmann/json.hpp>

#include "common/process.h"
#include "k8s/json_view.h"

namespace bg::kube {

using nlohmann::json;

Result<ExecCredential> parse_exec_credential(const std::string& text, const std::string& expected_api_version) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Status::terminal("the exec plugin did not print an ExecCredential (not JSON)");
  k8s::JsonView credential(doc);
  if (std::string kind = credential["kind"].str(); kind != "ExecCredential")
    return Status::terminal("the exec plugin printed kind \"" + kind + "\", not ExecCredential");
  if (std::string api_version = credential["apiVersion"].str(); api_version != expected_api_version)
    return Status::terminal("the exec plugin answered with apiVersion \"" + api_version +
                            "\", the kubeconfig asked for \"" + expected_api_version + "\"");
  k8s::JsonView st = credential["status"];
  ExecCredential c;
  c.token = st["token"].str();
  c.client_cert_pem = st["clientCertificateData"].str();
  c.client_key_pem = st["clientKeyData"].str();
  if (c.token.empty() && (c.client_cert_pem.empty() || c.client_key_pem.empty()))
    return Status::terminal("the exec plugin's ExecCredential has neither a token nor a client certificate and key");
  std::string exp = st["expirationTimestamp"].str();
  if (!exp.empty()) {
    std::tm tm{};
    if (!strptime(exp.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm))
      return Status::terminal("the exec plugin's expirationTimestamp \"" + exp + "\" is not RFC 3339");
    c.expires = std::chrono::system_clock::from_time_t(timegm(&tm));
  }
  return c;
}

Result<ExecCredential> run_exec_plugin(const ExecConfig& exec, const ClientConfig& cluster) {
  json info = {{"kind", "ExecCredential"},
               {"apiVersion", exec.api_version},
               {"spec", {{"interactive", false}}}};
  if (exec.provide_cluster_info)
    info["spec"]["cluster"] = {{"server", cluster.server}, {"insecure-skip-tls-verify", cluster.insecure_skip_tls_verify}};
  // `env` sets the plugin's environment without touching ours (other threads may read it).
  std::vector<std::string> argv = {"env", "KUBERNETES_EXEC_INFO=" + info.dump()};
  for (const auto& [k, v] : exec.env) argv.push_back(k + "=" + v);
  argv.push_back(exec.command);
  argv.insert(argv.end(), exec.args.begin(), exec.args.end());
  auto run = run_process(argv);
  if (!run) return run.status();
  if (run->exit_code != 0) {
    std::string msg = "the exec plugin " + exec.command + " failed (exit " + std::to_string(run->exit_code) + ")";
    if (!run->err.empty()) msg += ": " + run->err.substr(0, run->err.find_last_not_of('\n') + 1);
    if (!exec.install_hint.empty()) msg += "; " + exec.install_hint;
    return Status::terminal(msg);
  }
  return parse_exec_credential(run->out, exec.api_version);
}

}  // namespace bg::kube
