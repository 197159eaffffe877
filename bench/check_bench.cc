// `check` speed and memory: schema + principles over a large corpus of typical manifests.
//
//   build-check/check_bench generate FILE OBJECTS   writes a deterministic corpus (a YAML stream)
//   build-check/check_bench run FILE                 one timed pass; prints one RESULT line
//
// A pass is what `betelgeuse check FILE` does after reading the file: YAML loading (streamed, a
// document at a time), schema validation, every object rule, the set rules and the sorted findings.
// Startup (parsing and compiling the embedded schema bundle, once per process) is timed apart.
// bench/check-vs-kubernetes-models.sh runs this side by side with the kubernetes-models npm
// validators on the same corpus; docs/benchmarks.md records the figures and the command.
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "check/checker.h"
#include "check/schema.h"
#include "yaml/loader.h"

namespace {

// One "app": the objects a typical team ships for a service. Every 5th is a StatefulSet with a
// claim, every 2nd has an Ingress, every 3rd an autoscaler; one app in 100 uses :latest, so the
// findings path is exercised too. A namespace's first app also brings the Namespace and its
// default-deny policy.
void app(std::ostream& out, int i, std::size_t& objects) {
  const std::string name = "app-" + std::to_string(i);
  const std::string ns = "team-" + std::to_string(i % 100);
  const bool stateful = i % 5 == 4;
  const std::string image = "registry.example.com/" + ns + "/" + name + (i % 100 == 99 ? ":latest" : ":1." + std::to_string(i % 17) + ".3");
  auto doc = [&](const std::string& text) {
    out << "---\n" << text;
    ++objects;
  };
  if (i < 100) {
    doc("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + ns + "\n  labels:\n    pod-security.kubernetes.io/enforce: restricted\n");
    doc("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: " + ns +
        "\nspec:\n  podSelector: {}\n  policyTypes:\n  - Ingress\n  - Egress\n");
  }
  const std::string meta = "metadata:\n  name: " + name + "\n  namespace: " + ns + "\n  labels:\n    app.kubernetes.io/name: " +
                           name + "\n    app.kubernetes.io/part-of: shop\n";
  doc("apiVersion: v1\nkind: ServiceAccount\n" + meta + "automountServiceAccountToken: false\n");
  doc("apiVersion: v1\nkind: ConfigMap\n" + meta +
      "data:\n  LOG_LEVEL: info\n  FEATURES: \"search,checkout\"\n  app.yaml: |\n    server:\n      port: 8080\n"
      "      timeout: 30s\n    cache:\n      size: 512\n");
  doc("apiVersion: v1\nkind: Service\n" + meta + "spec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: " + name +
      "\n  ports:\n  - name: http\n    port: 80\n    targetPort: http\n    protocol: TCP\n  - name: metrics\n    port: 9090\n"
      "    targetPort: metrics\n    protocol: TCP\n");
  std::string pod = "  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: " + name +
                    "\n      annotations:\n        prometheus.io/scrape: \"true\"\n        prometheus.io/port: \"9090\"\n"
                    "    spec:\n      serviceAccountName: " + name +
                    "\n      securityContext:\n        runAsNonRoot: true\n        seccompProfile:\n          type: RuntimeDefault\n"
                    "      containers:\n      - name: app\n        image: " + image +
                    "\n        imagePullPolicy: IfNotPresent\n        ports:\n        - name: http\n          containerPort: 8080\n"
                    "          protocol: TCP\n        - name: metrics\n          containerPort: 9090\n          protocol: TCP\n"
                    "        env:\n        - name: PORT\n          value: \"8080\"\n        - name: DB_PASSWORD\n          valueFrom:\n"
                    "            secretKeyRef:\n              name: " + name + "-db\n              key: password\n"
                    "        envFrom:\n        - configMapRef:\n            name: " + name +
                    "\n        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n          limits:\n"
                    "            cpu: 500m\n            memory: 256Mi\n        readinessProbe:\n          httpGet:\n"
                    "            path: /ready\n            port: http\n          periodSeconds: 5\n        livenessProbe:\n"
                    "          httpGet:\n            path: /healthz\n            port: http\n          initialDelaySeconds: 10\n"
                    "        securityContext:\n          allowPrivilegeEscalation: false\n          readOnlyRootFilesystem: true\n"
                    "          capabilities:\n            drop:\n            - ALL\n";
  std::string selector = "  selector:\n    matchLabels:\n      app.kubernetes.io/name: " + name + "\n";
  if (stateful) {
    doc("apiVersion: apps/v1\nkind: StatefulSet\n" + meta + "spec:\n  serviceName: " + name + "\n  replicas: 1\n" + selector + pod +
        "        volumeMounts:\n        - name: data\n          mountPath: /var/lib/app\n  volumeClaimTemplates:\n  - metadata:\n"
        "      name: data\n    spec:\n      accessModes:\n      - ReadWriteOnce\n      storageClassName: local-ssd\n"
        "      resources:\n        requests:\n          storage: 10Gi\n");
  } else {
    doc("apiVersion: apps/v1\nkind: Deployment\n" + meta + "spec:\n  replicas: 2\n" + selector + pod);
  }
  doc("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: " + name + "-from-ingress\n  namespace: " + ns +
      "\nspec:\n  podSelector:\n    matchLabels:\n      app.kubernetes.io/name: " + name +
      "\n  policyTypes:\n  - Ingress\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n"
      "          kubernetes.io/metadata.name: ingress-nginx\n    ports:\n    - protocol: TCP\n      port: 8080\n");
  if (i % 2 == 0) {
    doc("apiVersion: networking.k8s.io/v1\nkind: Ingress\n" + meta +
        "  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt-production\nspec:\n  ingressClassName: nginx\n  tls:\n"
        "  - hosts:\n    - " + name + ".example.com\n    secretName: " + name + "-tls\n  rules:\n  - host: " + name +
        ".example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n"
        "            name: " + name + "\n            port:\n              name: http\n");
  }
  if (i % 3 == 0) {
    doc("apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\n" + meta + "spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n"
        "    kind: " + std::string(stateful ? "StatefulSet" : "Deployment") + "\n    name: " + name +
        "\n  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n"
        "      target:\n        type: Utilization\n        averageUtilization: 70\n");
  }
}

int generate(const char* path, std::size_t want) {
  std::ostringstream out;
  out << "---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local-ssd\n"
         "provisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\n";
  std::size_t objects = 1;
  for (int i = 0; objects < want; ++i) app(out, i, objects);
  std::ofstream(path) << out.str();
  std::printf("wrote %zu objects (%zu bytes) to %s\n", objects, out.str().size(), path);
  return 0;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU time of this process: on a shared machine it says what one core spent, whatever the wall.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int run(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "check_bench: cannot read %s\n", path);
    return 2;
  }
  std::ostringstream s;
  s << in.rdbuf();
  const std::string text = s.str();

  auto t0 = std::chrono::steady_clock::now();
  const bg::check::SchemaSet& schemas = bg::check::SchemaSet::builtin();
  double startup = seconds_since(t0);

  t0 = std::chrono::steady_clock::now();
  double cpu0 = cpu_seconds();
  bg::check::Checker checker(schemas);
  bg::Diagnostics d = bg::yaml::load_each(text, path, [&](bg::yaml::Document&& doc) {
    checker.add_document(doc.root, path);
  });
  std::vector<bg::check::Finding> findings = checker.finish();
  double pass = seconds_since(t0);
  double cpu = cpu_seconds() - cpu0;

  if (d.has_errors()) {
    std::fprintf(stderr, "check_bench: %s does not load\n", path);
    return 2;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::size_t objects = checker.summary().objects;
  std::printf("RESULT tool=betelgeuse objects=%zu findings=%zu seconds=%.4f cpu_seconds=%.4f objects_per_second=%.0f "
              "startup_seconds=%.4f peak_rss_kib=%ld\n",
              objects, findings.size(), pass, cpu, static_cast<double>(objects) / pass, startup, ru.ru_maxrss);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "generate" && argc == 4) return generate(argv[2], std::strtoull(argv[3], nullptr, 10));
  if (mode == "run" && argc == 3) return run(argv[2]);
  std::fprintf(stderr, "usage: check_bench generate FILE OBJECTS | check_bench run FILE\n");
  return 2;
}
