#include "spec/starter.h"

namespace bg::spec {

std::string_view starter_spec() {
  return R"(# platform.yaml: your whole platform in one file. Edit, then run `betelgeuse plan`.
# Every field and its default is documented in docs/spec.md.
apiVersion: platform.betelgeusebytes.io/v1alpha1
kind: Platform
metadata:
  name: my-platform             # lower-case letters, digits and '-'
spec:
  domain: example.org           # UIs get <component>.example.org unless you set expose.host
  tls:
    issuer: staging             # staging while you experiment, then production
    email: ops@example.org      # Let's Encrypt expiry notices
  exposure:
    backend: ingress-nginx      # how UIs and raw TCP reach the platform
  nodes:                        # the machines; add more and re-run to grow
    - name: cp-1
      role: control-plane       # control-plane | worker | gpu
      publicAddress: 192.0.2.10
      meshAddress: 10.77.0.1    # address on the WireGuard mesh
      ingress: true             # takes public traffic (default: the control plane)
    - name: worker-1
      role: worker
      publicAddress: 192.0.2.11
      meshAddress: 10.77.0.2
      ssdPath: /mnt/ssd         # local SSD for stateful components
  components:                   # omitted components use their defaults; `enabled: false` turns one off
    postgres:
      storage: 20Gi
      expose: {tcp: true}       # reachable at <ingress address>:5432
    grafana:
      auth: basic               # basic | sso | none
)";
}

}  // namespace bg::spec
