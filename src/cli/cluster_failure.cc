#include "cli/cluster_failure.h"

namespace bg::cli {

bool is_cluster_failure(const Status& s) { return !s.is_ok() && s.code() != Status::Code::kOther; }

namespace {

const char* hint_for(Status::Code code) {
  switch (code) {
    case Status::Code::kUnavailable:
      return "check that the cluster is up and that the kubeconfig's server address is the right one "
             "(--request-timeout waits longer)";
    case Status::Code::kUntrusted:
      return "the cluster's certificate-authority-data in the kubeconfig must be the CA that signed the API server's "
             "certificate; is the server address the right cluster's?";
    case Status::Code::kUnauthenticated:
      return "the token or client certificate of the kubeconfig's user is wrong or has expired; get fresh credentials "
             "for this context";
    case Status::Code::kForbidden:
      return "the kubeconfig's user lacks the rights (RBAC) for this; use a context that has them, or ask for them";
    case Status::Code::kOther:
      break;
  }
  return "";
}

}  // namespace

int report_failure(Io& io, const std::string& what, const Status& s, int otherwise, const std::string& hint) {
  io.err << "betelgeuse: " << what << s.message() << "\n";
  std::string h = is_cluster_failure(s) ? hint_for(s.code()) : !hint.empty() ? hint : s.hint();
  if (!h.empty()) io.err << "hint: " << h << "\n";
  return is_cluster_failure(s) ? kExitCluster : otherwise;
}

}  // namespace bg::cli
