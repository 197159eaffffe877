#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

// ingress-nginx reading tcp-services, its public Service, and Postgres behind it.
const char* kSet = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app: ingress-nginx}}
  template:
    metadata: {labels: {app: ingress-nginx}}
    spec:
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.15.1
        args: [/nginx-ingress-controller, "--tcp-services-configmap=$(POD_NAMESPACE)/tcp-services"]
---
apiVersion: v1
kind: Service
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  selector: {app: ingress-nginx}
  ports:
  - {name: http, port: 80}
  - {name: proxied-tcp-5432, port: 5432}
---
apiVersion: v1
kind: Service
metadata: {name: postgres, namespace: db}
spec:
  ports:
  - {name: postgres, port: 5432}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: tcp-services, namespace: ingress-nginx}
data:
  "5432": db/postgres:5432
)";

TEST(TcpServices, AllThreePiecesAgree) { EXPECT_EQ(findings_of("tcp-services", kSet), Lines{}); }

TEST(TcpServices, EntriesPointingAtMissingServicesOrPortsAreFindings) {
  std::string text = std::string(kSet) + "  \"6379\": db/redis:6379\n  \"5433\": db/postgres:5433:PROXY\n";
  EXPECT_EQ(findings_of("tcp-services", text),
            (Lines{"tcp-services 35:3: port 6379 points at Service \"db/redis\", which is not in the set",
                   "tcp-services 35:3: port 6379 is not a port of the controller's Service "
                   "\"ingress-nginx/ingress-nginx-controller\", so nothing outside reaches it",
                   "tcp-services 36:3: port 5433 points at port 5433 of Service \"db/postgres\", which it does not have",
                   "tcp-services 36:3: port 5433 is not a port of the controller's Service "
                   "\"ingress-nginx/ingress-nginx-controller\", so nothing outside reaches it"}));
}

TEST(TcpServices, CollisionsAndMalformedEntriesAreFindings) {
  std::string text = std::string(kSet) + "  \"05432\": db/postgres:5432\n  \"443\": db/postgres:5432\n  ssh: db/git:22\n"
                                         "  \"2222\": gitea\n";
  std::vector<std::string> found = findings_of("tcp-services", text);
  EXPECT_EQ(found, (Lines{
                       "tcp-services 35:3: port 5432 is listed twice (\"5432\" and \"05432\")",
                       "tcp-services 36:3: port 443 collides with the controller's HTTPS port",
                       "tcp-services 36:3: port 443 is not a port of the controller's Service "
                       "\"ingress-nginx/ingress-nginx-controller\", so nothing outside reaches it",
                       "tcp-services 37:3: key \"ssh\" of ConfigMap \"ingress-nginx/tcp-services\" is not a port number "
                       "(1-65535)",
                       "tcp-services 38:3: port 2222 maps to \"gitea\", not namespace/service:port",
                   }));
}

}  // namespace
}  // namespace bg::check
