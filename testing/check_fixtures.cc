#include "testing/check_fixtures.h"

#include "check/checker.h"
#include "check/schema.h"
#include "yaml/loader.h"

namespace bg::testing {

std::vector<check::Finding> check_findings(const std::string& yaml) {
  check::Checker checker(check::SchemaSet::builtin());
  Diagnostics d = yaml::load_each(yaml, "t.yaml", [&](yaml::Document&& doc) {
    checker.add_document(doc.root, "t.yaml");
  });
  std::vector<check::Finding> out = checker.finish();
  for (const Diagnostic& x : d) out.push_back({"yaml", x.severity, {}, {}, x.message, "", x.loc});
  return out;
}

std::vector<std::string> check_text(const std::string& yaml) {
  std::vector<std::string> out;
  for (const check::Finding& f : check_findings(yaml))
    out.push_back(f.rule + " " + std::to_string(f.loc.line) + ":" + std::to_string(f.loc.col) + ": " + f.message);
  return out;
}

std::vector<std::string> findings_of(const std::string& rule, const std::string& yaml) {
  std::vector<std::string> out;
  for (const std::string& line : check_text(yaml))
    if (line.compare(0, rule.size() + 1, rule + " ") == 0) out.push_back(line);
  return out;
}

std::string with(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  if (at == std::string::npos) return "";
  return text.replace(at, from.size(), to);
}

std::string compliant_app() {
  return R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
      - name: web
        image: registry.example.com/web:1.4.2
        ports:
        - name: http
          containerPort: 8080
        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            cpu: 500m
            memory: 256Mi
        readinessProbe:
          httpGet:
            path: /ready
            port: http
        livenessProbe:
          httpGet:
            path: /healthz
            port: http
        securityContext:
          allowPrivilegeEscalation: false
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
)";
}

}  // namespace bg::testing
