// The default ClusterConnector: a kubeconfig read as kubectl reads it (src/kube/kubeconfig.h),
// a Client over libcurl, and the apply::Cluster adapter on top. A kubeconfig mistake comes back
// with its file:line:col, caret and hint, like a spec mistake.
#include "apply/kube_cluster.h"
#include "cli/live.h"
#include "kube/kubeconfig.h"

namespace bg::cli {

Result<std::unique_ptr<apply::Cluster>> connect_kubernetes(const ClusterTarget& target) {
  kube::KubeconfigOptions options = kube::options_from_environment();
  options.kubeconfig_flag = target.kubeconfig;
  options.context = target.context;
  DiskFileSystem fs;
  kube::KubeconfigResult loaded = kube::load_client_config(options, fs);
  if (!loaded.config)
    return Status::terminal("cannot use the kubeconfig:\n" + render_diagnostics(loaded.diagnostics, loaded.sources, false));
  kube::ClientOptions client_options;
  client_options.request_timeout = target.request_timeout;
  if (target.on_retry)
    client_options.on_retry = [on_retry = target.on_retry](const kube::RetryNotice& n) {
      on_retry(n.message + "; retrying (" + std::to_string(n.attempt) + "/" + std::to_string(n.max_attempts) + ")…");
    };
  auto client = kube::Client::connect(*loaded.config, client_options);
  if (!client) return client.status();
  return std::unique_ptr<apply::Cluster>(new apply::KubeCluster(std::move(*client)));
}

}  // namespace bg::cli
