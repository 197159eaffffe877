#include "testing/contract_services.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "common/base64.h"
#include "common/process.h"
#include "testing/contract_cluster.h"
#include "testing/contract_programs.h"
#include "testing/example_render.h"

namespace bg::testing {

using manifest::Json;

namespace {

const char* const kPostgresBin = "/usr/lib/postgresql/15/bin";
const char* const kRuntimePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

Result<std::string> moto_python() { return contract_program("moto", "MOTO_VERSION", "python"); }

std::string tail_of(const std::string& log) { return log.size() > 4000 ? "…" + log.substr(log.size() - 4000) : log; }

}  // namespace

// docker.io/library/postgres:18.3: ENTRYPOINT docker-entrypoint.sh (stood in for), CMD postgres,
// PATH with the server's bin folder first, USER root (the render sets 999), the postgres account
// as uid and gid 999, a writable /var/run/postgresql for the server's socket. Debian's server
// stands for the image's.
ContainerImage postgres_image() {
  ContainerImage image;
  image.entrypoint = {source_path("testing/contract/postgres-entrypoint.sh")};
  image.cmd = {"postgres"};
  image.env = {{"PATH", std::string(kPostgresBin) + ":" + kRuntimePath}, {"LANG", "C.UTF-8"}};
  image.writable_dirs = {"/var/run/postgresql"};
  image.passwd = {"postgres:x:999:999::/var/lib/postgresql:/bin/bash"};
  image.group = {"postgres:x:999:"};
  return image;
}

Result<std::string> secret_value(const ClusterFacts& facts, const std::string& ns, const std::string& name,
                                 const std::string& key) {
  const Json* s = facts.find("Secret", ns, name);
  if (!s || !(*s)["data"].contains(key)) return Status::terminal("no key " + key + " in Secret " + ns + "/" + name);
  auto value = base64_decode((*s)["data"][key].get<std::string>());
  if (!value) return Status::terminal("key " + key + " of Secret " + ns + "/" + name + " is not base64");
  return *value;
}

Result<std::vector<std::string>> run_init_jobs(PodNetwork& net, const ClusterFacts& facts, const std::string& ns,
                                               const std::string& prefix, const ContainerImage& image,
                                               const std::string& ip_prefix, int first_ip) {
  std::vector<std::string> dependents;
  int ip = first_ip;
  for (const Json& o : facts.objects) {
    const std::string name = o["metadata"].value("name", "");
    if (o["kind"] != "Job" || o["metadata"].value("namespace", "") != ns || name.rfind(prefix, 0) != 0) continue;
    const std::string container = o["spec"]["template"]["spec"]["containers"][0].value("name", "");
    for (int run = 1; run <= 2; ++run) {
      ContractPod job(net, facts, o, {name + "-" + std::to_string(run), ip_prefix + std::to_string(ip++)}, container, image);
      if (Status s = job.start(); !s) return Status::terminal(name + ": " + s.message());
      auto code = job.wait_exit(std::chrono::seconds(90));
      if (!code) return Status::terminal(name + ": " + code.status().message());
      if (*code != 0)
        return Status::terminal(name + " run " + std::to_string(run) + " exited " + std::to_string(*code) + ":\n" +
                                tail_of(job.log()));
    }
    dependents.push_back(name.substr(prefix.size()));
  }
  if (dependents.empty()) return Status::terminal("the render has no Job " + ns + "/" + prefix + "*");
  return dependents;
}

Result<std::unique_ptr<ContractPod>> start_provisioned_postgres(PodNetwork& net, const ClusterFacts& facts,
                                                                const std::string& data) {
  auto server = std::make_unique<ContractPod>(net, facts, example_object("apps", "StatefulSet", "db", "postgres"),
                                              PodPlacement{"postgres-0", "10.244.1.20"}, "postgres", postgres_image());
  if (Status s = server->start({{"data", data}}); !s) return s;
  if (Status s = server->wait_ready(std::chrono::seconds(90)); !s) return s;
  auto jobs = run_init_jobs(net, facts, "db", "postgres-init-", postgres_image(), "10.244.1.", 21);
  if (!jobs) return jobs.status();
  return server;
}

// quay.io/minio/minio: ENTRYPOINT /usr/bin/docker-entrypoint.sh (which execs `minio "$@"`), no
// CMD the render relies on (it gives args), USER root (the render sets 1000). moto's Python runs
// the stand-in in MinIO's place.
Result<std::unique_ptr<ContractPod>> start_minio_standin(PodNetwork& net, const ClusterFacts& facts) {
  auto python = moto_python();
  if (!python) return python.status();
  ContainerImage image;
  image.entrypoint = {*python, source_path("testing/contract/s3_standin.py")};
  auto server = std::make_unique<ContractPod>(net, facts, example_object("apps", "StatefulSet", "objectstore", "minio"),
                                              PodPlacement{"minio-0", "10.244.3.10"}, "minio", image);
  if (Status s = server->start(); !s) return s;
  // MinIO's health endpoints are not served by the stand-in (its readiness probe is not run):
  // ready is when the S3 port takes connections.
  const int port = server->view().named_ports.at("s3");
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  Status last = Status::transient("not probed yet");
  while (std::chrono::steady_clock::now() < end) {
    if (!server->running())
      return Status::terminal("the S3 stand-in " + server->how_it_ended() + "; its log:\n" + tail_of(server->log()));
    last = server->probe_once(Json{{"tcpSocket", {{"port", port}}}, {"timeoutSeconds", 1}});
    if (last) return server;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  return Status::terminal("the S3 stand-in does not listen on " + std::to_string(port) + ": " + last.message() + "\n" +
                          tail_of(server->log()));
}

// quay.io/minio/mc: ENTRYPOINT mc (/usr/bin/mc), on the runtime's PATH; USER root (the render
// sets 1000). The Jobs run `sh -c SCRIPT`, which finds `mc` on PATH: the stand-in's wrapper, in
// a folder put first on the image's PATH.
Result<ContainerImage> mc_standin_image(const std::string& dir) {
  auto python = moto_python();
  if (!python) return python.status();
  const std::string wrapper = dir + "/mc";
  std::ofstream(wrapper) << "#!/bin/sh\nexec '" << *python << "' '" << source_path("testing/contract/mc_standin.py")
                         << "' \"$@\"\n";
  if (chmod(wrapper.c_str(), 0755) != 0) return Status::terminal("cannot make " + wrapper + " executable");
  ContainerImage image;
  image.entrypoint = {wrapper};
  image.env = {{"PATH", dir + ":" + kRuntimePath}};
  return image;
}

Result<std::unique_ptr<ProvisionedObjectStore>> start_provisioned_object_store(PodNetwork& net, const ClusterFacts& facts) {
  auto store = std::make_unique<ProvisionedObjectStore>();
  auto server = start_minio_standin(net, facts);
  if (!server) return server.status();
  store->server = std::move(*server);
  auto image = mc_standin_image(store->mc_dir.path());
  if (!image) return image.status();
  auto jobs = run_init_jobs(net, facts, "objectstore", "minio-init-", *image, "10.244.3.", 11);
  if (!jobs) return Status::terminal(jobs.status().message() + "\nthe S3 stand-in's log:\n" + tail_of(store->server->log()));
  store->dependents = std::move(*jobs);
  return store;
}

Result<ProcessResult> run_s3_access(const PodNetwork& net, const std::vector<std::string>& args) {
  auto python = moto_python();
  if (!python) return python.status();
  std::vector<std::string> argv = net.enter();
  argv.push_back(*python);
  argv.push_back(source_path("testing/contract/s3_access.py"));
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv);
}

Result<ProcessResult> psql_as_dependent(const PodNetwork& net, const ClusterFacts& facts, const std::string& ns,
                                        const std::string& secret, const std::string& sql) {
  std::map<std::string, std::string> creds;
  for (const char* key : {"username", "password", "database"}) {
    auto value = secret_value(facts, ns, secret, key);
    if (!value) return value.status();
    creds[key] = *value;
  }
  std::vector<std::string> argv = net.enter();
  for (const std::string& a : {std::string("env"), "PGPASSWORD=" + creds["password"], std::string(kPostgresBin) + "/psql",
                               std::string("-X"),
                               "host=" + facts.service_ips.at("db/postgres") + " port=5432 sslmode=disable connect_timeout=5 user=" +
                                   creds["username"] + " dbname=" + creds["database"],
                               std::string("-v"), std::string("ON_ERROR_STOP=1"), std::string("-Atc"), sql})
    argv.push_back(a);
  return run_process(argv);
}

std::string dependent_secret_namespace(const ClusterFacts& facts, const std::string& name, const std::string& provider_ns) {
  for (const Json& s : facts.objects)
    if (s["kind"] == "Secret" && s["metadata"]["name"] == name && s["metadata"]["namespace"] != provider_ns)
      return s["metadata"]["namespace"];
  return {};
}

std::map<std::string, std::string> client_findings(const std::string& out) {
  std::map<std::string, std::string> said;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);)
    if (auto sp = line.find(' '); sp != std::string::npos) said[line.substr(0, sp)] = line.substr(sp + 1);
  return said;
}

Result<long long> memory_within_limit(const ContractPod& pod, const Json& container) {
  auto limit = memory_quantity_bytes(container["resources"]["limits"].value("memory", ""));
  if (!limit) return limit.status();
  auto in_use = pod.memory_in_use();
  if (!in_use) return in_use.status();
  if (*in_use >= *limit)
    return Status::terminal("its processes hold " + std::to_string(*in_use >> 20) + " MiB, over the limit of " +
                            std::to_string(*limit >> 20) + " MiB");
  return *in_use;
}

}  // namespace bg::testing

namespace bg::testing {

ContainerImage collector_image(const std::string& program) {
  ContainerImage image;
  image.entrypoint = {program};
  image.cmd = {"--config", "/etc/otelcol-contrib/config.yaml"};
  image.user = 10001;
  image.env = {{"PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}};  // the runtime's default
  image.only_image_accounts = true;
  return image;
}

std::map<std::string, manifest::Json> spans_arrived(const std::string& log) {
  using manifest::Json;
  std::map<std::string, Json> spans;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '{') continue;
    Json request = Json::parse(line, nullptr, false);
    if (!request.is_object()) continue;
    for (const Json& rs : request.value("resourceSpans", Json::array())) {
      std::string service;
      for (const Json& a : rs.value("resource", Json::object()).value("attributes", Json::array()))
        if (a.value("key", "") == "service.name") service = a.value("value", Json::object()).value("stringValue", "");
      for (const Json& ss : rs.value("scopeSpans", Json::array()))
        for (Json span : ss.value("spans", Json::array())) {
          span["resource.service.name"] = service;
          span["scope.name"] = ss.value("scope", Json::object()).value("name", "");
          spans[span.value("traceId", "")] = span;
        }
    }
  }
  return spans;
}

Result<std::unique_ptr<TracePipeline>> start_trace_pipeline(PodNetwork& net, const ClusterFacts& facts) {
  auto program = contract_program("otel-collector", "OTEL_COLLECTOR_VERSION", "otelcol-contrib");
  if (!program) return program.status();
  auto sink = contract_program("otel-collector", "OTEL_COLLECTOR_VERSION", "otlp-sink");
  if (!sink) return sink.status();
  const manifest::Json* deployment = facts.find("Deployment", "observability", "otel-collector");
  if (!deployment) return Status::terminal("the render has no Deployment observability/otel-collector");
  auto tempo = facts.service_ips.find("observability/tempo");
  if (tempo == facts.service_ips.end()) return Status::terminal("the render has no Service observability/tempo");
  const std::string tempo_pod_ip = "10.244.4.30";
  if (Status s = net.add_address(tempo_pod_ip); !s) return s;
  if (Status s = net.map_port(tempo->second, 4317, tempo_pod_ip, 14317); !s) return s;
  auto run = std::make_unique<TracePipeline>();
  std::vector<std::string> sink_argv = net.enter();
  sink_argv.push_back(*sink);
  sink_argv.push_back(tempo_pod_ip + ":14317");
  if (Status s = run->tempo_standin.start(sink_argv, run->dir / "tempo.log"); !s) return s;
  std::string listening = poll_until(10, [&] { return run->tempo_standin.log(); },
                                     [](const std::string& l) { return l.find("listening") != std::string::npos; });
  if (listening.find("listening") == std::string::npos) return Status::terminal("Tempo's stand-in did not listen: " + listening);
  run->collector = std::make_unique<ContractPod>(net, facts, *deployment, PodPlacement{"otel-collector-0", "10.244.4.21"},
                                                 "otel-collector", collector_image(*program));
  if (Status s = run->collector->start(); !s) return s;
  if (Status s = run->collector->wait_ready(std::chrono::seconds(60)); !s) return s;
  return run;
}

}  // namespace bg::testing
