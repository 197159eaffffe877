// Jupyter's contract (issue 13): the real Jupyter Server with JupyterLab, at the releases the image
// the render pins ships (quay.io/jupyter/base-notebook:2025-08-25, a weekly build: the releases of
// that day, from PyPI into a venv standing for the image's /opt/conda,
// scripts/setup-contract-programs.sh), starts as the rendered StatefulSet's container: the image's
// start.sh and start-notebook.py and its /etc/jupyter configuration (stand-ins in
// testing/contract/jupyter/), exactly the rendered env — the generated token from apply's Secret,
// MLFLOW_TRACKING_URI, and the service-link variables Kubernetes injects unless the pod turns them
// off — as jovyan (uid 1000, gid 100) with the data volume at /home/jovyan/work, and answers its
// readiness probe. Then a user behind the access layer (testing/contract/jupyter_contract_client.py)
// is let in with the token and refused without it or with another, logs in through the browser
// form, saves a notebook onto the volume, and starts a kernel that runs code as jovyan with the
// rendered MLFLOW_TRACKING_URI and writes to the volume.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/contract_services.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using manifest::Json;

const Json& jupyter_statefulset() { return example_object("apps", "StatefulSet", "ml", "jupyter"); }
const Json& rendered_container() { return jupyter_statefulset()["spec"]["template"]["spec"]["containers"][0]; }

// quay.io/jupyter/base-notebook (images/base-notebook and images/docker-stacks-foundation of
// jupyter/docker-stacks, as built on 2025-08-25): Ubuntu 24.04; ENTRYPOINT tini -g -- start.sh
// (tini left out), CMD start-notebook.py, both in /usr/local/bin; /etc/jupyter/
// jupyter_server_config.py; the conda environment /opt/conda first on PATH (the venv's bin folder
// stands for /opt/conda/bin); USER 1000, the account jovyan (uid 1000, primary group users, 100),
// WORKDIR and HOME /home/jovyan, which jovyan owns (work/ below it is the volume's);
// ENV NB_USER, NB_UID, NB_GID, CONDA_DIR, SHELL, JUPYTER_PORT=8888 and the C.UTF-8 locale.
ContainerImage jupyter_image(const std::string& venv_bin) {
  ContainerImage image;
  image.entrypoint = {"start.sh"};
  image.cmd = {"start-notebook.py"};
  image.workdir = "/home/jovyan";
  image.user = 1000;
  image.env = {{"CONDA_DIR", "/opt/conda"},
               {"SHELL", "/bin/bash"},
               {"NB_USER", "jovyan"},
               {"NB_UID", "1000"},
               {"NB_GID", "100"},
               {"LC_ALL", "C.UTF-8"},
               {"LANG", "C.UTF-8"},
               {"LANGUAGE", "C.UTF-8"},
               {"DEBIAN_FRONTEND", "noninteractive"},
               {"PATH", venv_bin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
               {"HOME", "/home/jovyan"},
               {"JUPYTER_PORT", "8888"}};
  image.files = {{"/usr/local/bin/start.sh", source_path("testing/contract/jupyter/start.sh")},
                 {"/usr/local/bin/start-notebook.py", source_path("testing/contract/jupyter/start-notebook.py")},
                 {"/etc/jupyter/jupyter_server_config.py", source_path("testing/contract/jupyter/jupyter_server_config.py")}};
  image.writable_dirs = {"/home/jovyan"};
  image.passwd = {"jovyan:x:1000:100::/home/jovyan:/bin/bash"};
  image.group = {"users:x:100:"};
  return image;
}

Result<std::string> jupyter_bin() {
  auto program = contract_program("jupyter", "JUPYTER_VERSION", "jupyter-lab");
  if (!program) return program.status();
  return program->substr(0, program->rfind('/'));
}

TEST(JupyterContract, TheProgramsAreTheReleasesOfTheImageTheRenderPins) {
  EXPECT_EQ(rendered_container()["image"], "quay.io/jupyter/base-notebook:" + contract_version("JUPYTER_VERSION"))
      << "catalog/jupyter.yaml and testing/contract/versions.env must name the same image";
  auto bin = jupyter_bin();
  ASSERT_TRUE(bin) << bin.status().message();
  auto run = run_process({*bin + "/python3", "-c",
                          "import importlib.metadata as m\n"
                          "for p in ('jupyterlab', 'jupyter_server', 'notebook'): print(m.version(p))\n"
                          "import ipykernel"});
  ASSERT_TRUE(run) << run.status().message();
  EXPECT_EQ(run->exit_code, 0) << run->err;
  EXPECT_EQ(run->out, contract_version("JUPYTERLAB_VERSION") + "\n" + contract_version("JUPYTER_SERVER_VERSION") + "\n" +
                          contract_version("JUPYTER_NOTEBOOK_VERSION") + "\n");
}

TEST(JupyterContract, StartsAsRenderedAndRunsAKernelForTheTokenHolderOnly) {
  auto bin = jupyter_bin();
  ASSERT_TRUE(bin) << bin.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  // The render gives neither command nor args: the image's entrypoint and CMD run.
  EXPECT_FALSE(rendered_container().contains("command"));
  EXPECT_FALSE(rendered_container().contains("args"));
  TempDir data;
  const std::string pod_ip = "10.244.2.60";
  ContractPod server(**net, *facts, jupyter_statefulset(), {"jupyter-0", pod_ip}, "jupyter", jupyter_image(*bin));
  Status started = server.start({{"data", data.path()}});
  ASSERT_TRUE(started) << started.message();
  EXPECT_EQ(server.argv(), (std::vector<std::string>{"start.sh", "start-notebook.py"}));
  Status ready = server.wait_ready(std::chrono::seconds(180));
  ASSERT_TRUE(ready) << ready.message();

  auto token = secret_value(*facts, "ml", "jupyter-token", "token");
  ASSERT_TRUE(token) << token.status().message();
  ASSERT_EQ(token->size(), 48u);
  EXPECT_EQ(server.view().env_value("JUPYTER_TOKEN"), *token);
  const Json* ingress = facts->find("Ingress", "ml", "jupyter");
  ASSERT_NE(ingress, nullptr);
  const std::string public_host = (*ingress)["spec"]["rules"][0].value("host", "");
  ASSERT_EQ(public_host, "jupyter.betelgeusebytes.io");
  auto client = server.exec({"env", "-i", "PATH=" + *bin + ":/usr/bin:/bin", "HOME=/tmp", "python3",
                             source_path("testing/contract/jupyter_contract_client.py"), "http://" + pod_ip + ":8888",
                             "https://" + public_host, *token},
                            std::chrono::seconds(150));
  ASSERT_TRUE(client) << client.status().message();
  ASSERT_EQ(client->exit_code, 0) << client->out << client->err << "\nthe server's log:\n" << server.log();
  std::map<std::string, std::string> said = client_findings(client->out);
  EXPECT_EQ(said["api"], "200") << "the readiness probe's path answers without credentials\n" << client->out;
  EXPECT_EQ(said["no_token"], "403") << client->out;
  EXPECT_EQ(said["wrong_token"], "403") << client->out;
  EXPECT_EQ(said["token"], "200") << client->out;
  EXPECT_EQ(said["browser_login"], "302") << client->out;
  EXPECT_EQ(said["browser_session"], "200") << client->out;
  EXPECT_EQ(said["lab"], "200 JupyterLab") << client->out;
  EXPECT_EQ(said["contents"], "201 work/contract.ipynb") << client->out;
  EXPECT_EQ(said["kernel"], "201 python3") << client->out << "\nthe server's log:\n" << server.log();
  EXPECT_EQ(said["foreign_origin_ws"], "403") << "the kernel's websocket must refuse an origin other than the host's\n"
                                              << client->out;
  // The kernel runs as jovyan in its home, with the rendered MLFLOW_TRACKING_URI, whose host is the
  // mlflow Service's.
  EXPECT_EQ(said["kernel_output"], "1000 100 /home/jovyan " + server.view().env_value("MLFLOW_TRACKING_URI") + " " +
                                       facts->service_ips.at("ml/mlflow"))
      << client->out << "\nthe server's log:\n" << server.log();
  EXPECT_EQ(server.view().env_value("MLFLOW_TRACKING_URI"), "http://mlflow.ml.svc:5000");
  EXPECT_EQ(said["execute_reply"], "ok") << client->out;

  // The notebook and the kernel's file are on the data volume.
  EXPECT_TRUE(std::filesystem::exists(data.path() + "/contract.ipynb")) << client->out;
  EXPECT_EQ(read_file(data.path() + "/from-kernel.txt"), "written by a kernel\n") << client->out;

  auto held = memory_within_limit(server, rendered_container());
  EXPECT_TRUE(held) << held.status().message();
  if (held) std::cerr << "jupyter: its processes hold " << (*held >> 20) << " MiB\n";
  EXPECT_TRUE(server.running()) << server.how_it_ended() << "\n" << server.log();
}

}  // namespace
}  // namespace bg::testing
