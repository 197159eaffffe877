// The data services the contract tests run beside a component, each as the render configures it
// and provisioned by the render's own init Jobs: PostgreSQL (Debian's server behind a stand-in for
// the image's entrypoint) and the S3 stand-in for MinIO (moto's server, shaped as MinIO by
// testing/contract/s3_standin.py; the init Jobs' mc by testing/contract/mc_standin.py). MinIO's
// server and mc are AGPL-licensed and are not installed: docs/components.md says what the
// stand-ins leave unproven.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "testing/contract_pod.h"
#include "testing/fixtures.h"

namespace bg::testing {

// docker.io/library/postgres:18.3 with Debian's PostgreSQL 15 server in its place.
ContainerImage postgres_image();

// The value of `key` in Secret ns/name as apply would create it, decoded.
Result<std::string> secret_value(const ClusterFacts& facts, const std::string& ns, const std::string& name,
                                 const std::string& key);

// Runs every rendered Job of `ns` named `prefix` + dependent (postgres-init-, minio-init-) with
// `image`, twice: a second run (a re-apply after the Job was deleted, or a retry) must succeed too.
// Each run gets the pod IP `ip_prefix` + a number from `first_ip` on. The dependents, in render
// order; an error with the Job's log when a run does not exit 0.
Result<std::vector<std::string>> run_init_jobs(PodNetwork& net, const ClusterFacts& facts, const std::string& ns,
                                               const std::string& prefix, const ContainerImage& image,
                                               const std::string& ip_prefix, int first_ip);

// PostgreSQL as rendered (the db/postgres StatefulSet at 10.244.1.20, data in `data`), ready, and
// provisioned by every postgres-init Job.
Result<std::unique_ptr<ContractPod>> start_provisioned_postgres(PodNetwork& net, const ClusterFacts& facts,
                                                                const std::string& data);

// The S3 stand-in in MinIO's place: the objectstore/minio StatefulSet's container (10.244.3.10)
// with its rendered args and env, run by moto's Python; listening on its S3 port.
Result<std::unique_ptr<ContractPod>> start_minio_standin(PodNetwork& net, const ClusterFacts& facts);

// The minio-init Jobs' image (quay.io/minio/mc) with the stand-in for mc on its PATH; `dir` holds
// the `mc` wrapper and must outlive the Jobs.
Result<ContainerImage> mc_standin_image(const std::string& dir);

// The S3 stand-in started and provisioned by every minio-init Job (each run twice).
struct ProvisionedObjectStore {
  TempDir mc_dir;
  std::unique_ptr<ContractPod> server;
  std::vector<std::string> dependents;
};
Result<std::unique_ptr<ProvisionedObjectStore>> start_provisioned_object_store(PodNetwork& net, const ClusterFacts& facts);

// docker.io/otel/opentelemetry-collector-contrib (distributions/otelcol-contrib/Dockerfile of the
// releases repository): FROM scratch, USER 10001:10001, the binary at /otelcol-contrib as
// ENTRYPOINT (here: `program`, which the setup script built), CMD --config
// /etc/otelcol-contrib/config.yaml (its own sample, which the rendered args replace). No
// /etc/passwd or /etc/group at all.
ContainerImage collector_image(const std::string& program);

// The spans a stand-in OTLP receiver (testing/contract/otlp_sink.go) wrote to `log` (one OTLP/JSON
// request a line), by trace id, each with its resource's service.name merged in as
// "resource.service.name" and its scope's name as "scope.name".
std::map<std::string, manifest::Json> spans_arrived(const std::string& log);

// The platform's trace path as rendered: the real OpenTelemetry Collector (the
// observability/otel-collector Deployment at 10.244.4.21, its rendered args and configuration,
// ready) exporting where its exporter points, Tempo's Service on port 4317, mapped as kube-proxy
// maps it to a stand-in for Tempo's pod (otlp_sink.go at 10.244.4.30:14317) that writes down
// every span that arrives. The collector's receiver listens on 0.0.0.0, which in the test's shared
// port space covers Tempo's Service address too: hence the stand-in's other port.
struct TracePipeline {
  TempDir dir;
  BackgroundProcess tempo_standin;
  std::unique_ptr<ContractPod> collector;
  std::map<std::string, manifest::Json> spans() const { return spans_arrived(tempo_standin.log()); }
};
Result<std::unique_ptr<TracePipeline>> start_trace_pipeline(PodNetwork& net, const ClusterFacts& facts);

// testing/contract/s3_access.py with `args`, by moto's Python (which has boto3), inside the test's
// network: a client of the S3 stand-in from outside any pod.
Result<ProcessResult> run_s3_access(const PodNetwork& net, const std::vector<std::string>& args);

// psql, from outside any pod, at the postgres Service's address as the dependent whose PostgreSQL
// Secret is ns/secret (its username, password and database, as apply generates them): `sql` with
// ON_ERROR_STOP, rows unaligned and without headers (-At).
Result<ProcessResult> psql_as_dependent(const PodNetwork& net, const ClusterFacts& facts, const std::string& ns,
                                        const std::string& secret, const std::string& sql);

// The namespace of the dependent's copy of Secret `name` (the one that is not in `provider_ns`);
// empty when there is none.
std::string dependent_secret_namespace(const ClusterFacts& facts, const std::string& name, const std::string& provider_ns);

// What a contract client (testing/contract/*_client.py) printed, one "name value" line each:
// name → value (a later line of the same name wins).
std::map<std::string, std::string> client_findings(const std::string& out);

// The memory `pod`'s processes hold (process_memory.h), in bytes, when it is below `container`'s
// rendered resources.limits.memory, which the kubelet's cgroup would enforce; an error that says
// how much they hold otherwise.
Result<long long> memory_within_limit(const ContractPod& pod, const manifest::Json& container);

}  // namespace bg::testing
