// MLflow's contract (issue 13): the real MLflow server, at the version the render pins (PyPI's
// mlflow==3.14.0 in a venv standing for the image, scripts/setup-contract-programs.sh), starts
// with exactly the rendered command, args and env — its start script pip-installs the pinned
// psycopg2-binary and boto3 into /deps (from a wheelhouse of exactly those pins: the pod's network
// has no PyPI) and execs `mlflow server` — against the real PostgreSQL (Debian's server, with the
// database and role the postgres-init-mlflow Job creates) and the S3 stand-in for MinIO (moto, with
// the bucket, user and policy the minio-init-mlflow Job makes), and answers its readiness probe.
// Then the mlflow client, as Jupyter is configured to reach it (its MLFLOW_TRACKING_URI) and with
// no S3 credentials, logs a run with an artifact through the server; the run is in mlflow's
// database and the artifact lands in mlflow's bucket, under the rendered artifacts destination.
// Its /metrics, at the port and path its pod is annotated with, answers in Prometheus' text format.
#include <gtest/gtest.h>

#include <sstream>

#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_programs.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using manifest::Json;

const char* const kRuntimePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// ghcr.io/mlflow/mlflow (mlflow's docker/Dockerfile): FROM python:3.11-slim, RUN pip install
// mlflow==VERSION; no ENTRYPOINT, CMD python3 (the base image's), WORKDIR /, USER root (the render
// sets 1000), PATH with /usr/local/bin (python, pip, mlflow) first, LANG C.UTF-8. The venv's bin
// folder stands for /usr/local/bin.
ContainerImage mlflow_image(const std::string& venv_bin) {
  ContainerImage image;
  image.cmd = {"python3"};
  image.env = {{"PATH", venv_bin + ":" + kRuntimePath}, {"LANG", "C.UTF-8"}};
  return image;
}

const Json& mlflow_deployment() { return example_object("apps", "Deployment", "ml", "mlflow"); }
const Json& rendered_container() { return mlflow_deployment()["spec"]["template"]["spec"]["containers"][0]; }

// The packages the rendered start script pip-installs, over all its `pip install` lines ("a==1,b==2").
std::string start_packages() {
  std::istringstream script(rendered_container()["args"][0].get<std::string>());
  std::string out;
  for (std::string line; std::getline(script, line);) {
    if (line.find("pip install") == std::string::npos) continue;
    std::istringstream words(line);
    for (std::string w; words >> w;)
      if (w.find("==") != std::string::npos) out += (out.empty() ? "" : ",") + w;
  }
  return out;
}

std::string value_of(const Result<std::string>& r) {
  if (!r) ADD_FAILURE() << r.status().message();
  return r ? *r : "";
}

std::string env_of(const Json& container, const std::string& name) {
  for (const Json& e : container.value("env", Json::array()))
    if (e.value("name", "") == name) return e.value("value", "");
  return {};
}

TEST(MlflowContract, TheProgramAndTheStartPackagesAreTheOnesTheRenderPins) {
  const std::string pinned = contract_version("MLFLOW_VERSION");
  EXPECT_EQ(rendered_container()["image"], "ghcr.io/mlflow/mlflow:" + pinned)
      << "catalog/mlflow.yaml and testing/contract/versions.env must name the same release";
  EXPECT_EQ(start_packages(), contract_version("MLFLOW_START_PACKAGES"))
      << "the rendered start command installs other packages than versions.env pins (and the setup script serves)";
  auto mlflow = contract_program("mlflow", "MLFLOW_VERSION", "mlflow");
  ASSERT_TRUE(mlflow) << mlflow.status().message();
  auto run = run_process({*mlflow, "--version"});
  ASSERT_TRUE(run && run->exit_code == 0);
  EXPECT_EQ(run->out, "mlflow, version " + pinned.substr(1) + "\n");
}

TEST(MlflowContract, ServesARunWhoseArtifactLandsInItsBucketWithPostgresAndTheS3StandIn) {
  auto mlflow = contract_program("mlflow", "MLFLOW_VERSION", "mlflow");
  ASSERT_TRUE(mlflow) << mlflow.status().message();
  const std::string venv_bin = mlflow->substr(0, mlflow->rfind('/'));
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  TempDir pg_data;
  auto postgres = start_provisioned_postgres(**net, *facts, pg_data.path());
  ASSERT_TRUE(postgres) << postgres.status().message();
  auto store = start_provisioned_object_store(**net, *facts);
  ASSERT_TRUE(store) << store.status().message();

  ContractPod server(**net, *facts, mlflow_deployment(), {"mlflow-6b9f8d7c5-x2x4q", "10.244.2.40"}, "mlflow",
                     mlflow_image(venv_bin));
  Status started = server.start();
  ASSERT_TRUE(started) << started.message();
  std::vector<std::string> rendered;
  for (const Json& a : rendered_container()["command"]) rendered.push_back(a.get<std::string>());
  for (const Json& a : rendered_container()["args"]) rendered.push_back(a.get<std::string>());
  EXPECT_EQ(server.argv(), rendered);
  Status ready = server.wait_ready(std::chrono::seconds(240));
  ASSERT_TRUE(ready) << ready.message();

  // The client as Jupyter is configured: its MLFLOW_TRACKING_URI, and nothing else of the server's
  // env (no S3 credentials), from inside a pod (the Service's name resolves through the pod's
  // hosts file).
  const Json& jupyter = example_object("apps", "StatefulSet", "ml", "jupyter")["spec"]["template"]["spec"]["containers"][0];
  const std::string tracking_uri = env_of(jupyter, "MLFLOW_TRACKING_URI");
  ASSERT_EQ(tracking_uri, "http://mlflow.ml.svc:5000");
  auto client = server.exec({"env", "-i", "PATH=" + venv_bin + ":" + kRuntimePath, "HOME=/tmp",
                             "MLFLOW_TRACKING_URI=" + tracking_uri, "python3", source_path("testing/contract/mlflow_client.py")},
                            std::chrono::seconds(120));
  ASSERT_TRUE(client) << client.status().message();
  ASSERT_EQ(client->exit_code, 0) << client->out << "\nthe server's log:\n" << server.log();
  std::map<std::string, std::string> said;
  std::istringstream lines(client->out);
  for (std::string line; std::getline(lines, line);)
    if (auto sp = line.find(' '); sp != std::string::npos) said[line.substr(0, sp)] += line.substr(sp + 1);
  const std::string run_id = said["run"], experiment = said["experiment"];
  ASSERT_EQ(run_id.size(), 32u) << client->out;
  EXPECT_EQ(said["artifact_uri"], "mlflow-artifacts:/" + experiment + "/" + run_id + "/artifacts") << client->out;
  EXPECT_EQ(said["param"], "p=1");
  EXPECT_EQ(said["metric"], "m=0.5");
  EXPECT_EQ(said["listed"], "contract-artifact.txt");
  EXPECT_EQ(said["downloaded"], "logged by the contract test through the tracking server");

  // What ingress-nginx forwards (the Ingress's host, with its forwarded headers) is let in; a Host
  // the render does not name is refused by MLflow's host check, so the check is on and the
  // rendered --allowed-hosts is what lets the others in.
  const Json* ingress = facts->find("Ingress", "ml", "mlflow");
  ASSERT_NE(ingress, nullptr);
  const std::string public_host = (*ingress)["spec"]["rules"][0].value("host", "");
  const std::string api = "http://10.244.2.40:5000/ajax-api/2.0/mlflow/experiments/search?max_results=1";
  for (const auto& [host, status] : std::vector<std::pair<std::string, long>>{{public_host, 200}, {"elsewhere.example", 403}}) {
    auto answer = (*net)->http_get(api, std::chrono::seconds(10),
                                   {"Host: " + host, "X-Forwarded-Host: " + host, "X-Forwarded-Proto: https", "X-Forwarded-For: 10.244.0.5"});
    ASSERT_TRUE(answer) << answer.status().message();
    EXPECT_EQ(answer->status, status) << host << ": " << answer->body.substr(0, 300);
  }

  // Prometheus' pods job scrapes the pod at its annotated port and path (issue 14): the server
  // answers there in Prometheus' text format, with the request counters of its exporter
  // (--expose-prometheus), which the client's requests above have moved.
  const Json& annotations = mlflow_deployment()["spec"]["template"]["metadata"]["annotations"];
  ASSERT_EQ(annotations.value("prometheus.io/scrape", ""), "true");
  const std::string metrics_url = "http://10.244.2.40:" + annotations.value("prometheus.io/port", "") +
                                  annotations.value("prometheus.io/path", "");
  auto metrics = (*net)->http_get(metrics_url, std::chrono::seconds(10));
  ASSERT_TRUE(metrics) << metrics.status().message();
  EXPECT_EQ(metrics->status, 200) << metrics->body.substr(0, 300) << "\nthe server's log:\n" << server.log();
  EXPECT_NE(metrics->body.find("# TYPE mlflow_http_request_total counter\n"), std::string::npos) << metrics->body.substr(0, 2000);
  EXPECT_NE(metrics->body.find("\nmlflow_http_request_total{"), std::string::npos) << metrics->body.substr(0, 2000);

  // Everything the server started (its CLI, uvicorn and its workers, and whatever else it spawns)
  // fits in the container's memory limit, which the kubelet's cgroup would enforce.
  auto limit = memory_quantity_bytes(rendered_container()["resources"]["limits"].value("memory", ""));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = server.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << "the server's processes hold " << (*in_use >> 20) << " MiB, over the limit of " << (*limit >> 20)
                             << " MiB; its log:\n" << server.log();

  // The artifact is in mlflow's bucket, below the rendered destination (s3://$S3_BUCKET/artifacts),
  // as mlflow's own credentials see it.
  const std::string ns_secret = "mlflow-minio";
  auto key = [&](const std::string& k) { return value_of(secret_value(*facts, "ml", ns_secret, k)); };
  auto objects = run_s3_access(**net, {"objects", "http://" + facts->service_ips.at("objectstore/minio") + ":9000", key("accessKey"),
                                       key("secretKey"), key("bucket")});
  ASSERT_TRUE(objects) << objects.status().message();
  EXPECT_EQ(objects->out, "artifacts/" + experiment + "/" + run_id + "/artifacts/contract-artifact.txt 55\n") << objects->err;

  // The run is in mlflow's database, as its own role reads it.
  auto runs = psql_as_dependent(**net, *facts, "ml", "mlflow-postgres", "SELECT run_uuid, status FROM runs");
  ASSERT_TRUE(runs) << runs.status().message();
  EXPECT_EQ(runs->out, run_id + "|FINISHED\n") << runs->err;

  EXPECT_TRUE(server.running()) << server.how_it_ended() << "\n" << server.log();
}

}  // namespace
}  // namespace bg::testing
