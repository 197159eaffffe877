// Label Studio's contract (issue 13): the real Label Studio, at the release the render pins (PyPI's
// label-studio==1.23.0 in a venv standing for the image's /label-studio/.venv,
// scripts/setup-contract-programs.sh), starts as the rendered StatefulSet's container — the image's
// entrypoint (a stand-in: testing/contract/label-studio-entrypoint.sh) and CMD `label-studio`,
// exactly the rendered env with the generated admin password from apply's Secret (and the
// service-link variables Kubernetes injects, unless the pod turns them off), uid 1001, the data
// volume at its mount path — and answers its readiness probe. Its database is SQLite on that
// volume (the render points it at no other). Then a browser behind the access layer (testing/contract/label_studio_client.py: the
// public Host, X-Forwarded-Proto https, the public Origin on every POST) logs in as the rendered
// admin with the generated password, reads itself and makes a project through the API; a wrong
// password, a POST from an origin the render does not name, and sign-up without an invite are
// refused. The admin and the project are in the tables of its own database on the volume.
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

const Json& label_studio_statefulset() { return example_object("apps", "StatefulSet", "ml", "label-studio"); }
const Json& rendered_container() { return label_studio_statefulset()["spec"]["template"]["spec"]["containers"][0]; }

// docker.io/heartexlabs/label-studio:1.23.0 (its Dockerfile's production stage): FROM
// python:3.1x-slim; the release and its locked dependencies in /label-studio/.venv, whose bin/ is
// first on PATH (the setup script's venv stands for it); ENTRYPOINT ./deploy/docker-entrypoint.sh
// (stood in for), CMD label-studio; WORKDIR and HOME /label-studio; ENV LABEL_STUDIO_BASE_DATA_DIR
// /label-studio/data, OPT_DIR (owned by 1001, as is /label-studio), DJANGO_SETTINGS_MODULE,
// PYTHONUNBUFFERED, PYTHONDONTWRITEBYTECODE; USER 1001, which has no account: the image only
// chowns its folders to 1001:0, so its accounts are the Debian base image's alone.
ContainerImage label_studio_image(const std::string& venv_bin) {
  ContainerImage image;
  image.entrypoint = {source_path("testing/contract/label-studio-entrypoint.sh")};
  image.cmd = {"label-studio"};
  image.workdir = "/label-studio";
  image.user = 1001;
  image.env = {{"LS_DIR", "/label-studio"},
               {"HOME", "/label-studio"},
               {"LABEL_STUDIO_BASE_DATA_DIR", "/label-studio/data"},
               {"OPT_DIR", "/opt/heartex/instance-data/etc"},
               {"PATH", venv_bin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
               {"DJANGO_SETTINGS_MODULE", "core.settings.label_studio"},
               {"PYTHONUNBUFFERED", "1"},
               {"PYTHONDONTWRITEBYTECODE", "1"},
               {"LANG", "C.UTF-8"}};
  image.writable_dirs = {"/opt/heartex/instance-data/etc"};
  image.passwd = {"root:x:0:0:root:/root:/bin/bash", "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
                  "bin:x:2:2:bin:/bin:/usr/sbin/nologin", "sys:x:3:3:sys:/dev:/usr/sbin/nologin",
                  "www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin",
                  "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin"};
  image.group = {"root:x:0:", "daemon:x:1:", "bin:x:2:", "sys:x:3:", "www-data:x:33:", "nogroup:x:65534:"};
  image.only_image_accounts = true;
  return image;
}

TEST(LabelStudioContract, TheProgramIsTheReleaseTheRenderPins) {
  const std::string pinned = contract_version("LABEL_STUDIO_VERSION");
  EXPECT_EQ(rendered_container()["image"], "docker.io/heartexlabs/label-studio:" + pinned)
      << "catalog/label-studio.yaml and testing/contract/versions.env must name the same release";
  auto program = contract_program("label-studio", "LABEL_STUDIO_VERSION", "label-studio");
  ASSERT_TRUE(program) << program.status().message();
  const std::string python = program->substr(0, program->rfind('/')) + "/python3";
  auto run = run_process({python, "-c", "import importlib.metadata as m; print(m.version('label-studio'))"});
  ASSERT_TRUE(run && run->exit_code == 0);
  EXPECT_EQ(run->out, pinned + "\n");
}

TEST(LabelStudioContract, StartsAsRenderedAndItsAdminLogsInBehindTheIngressWithTheGeneratedPassword) {
  auto program = contract_program("label-studio", "LABEL_STUDIO_VERSION", "label-studio");
  ASSERT_TRUE(program) << program.status().message();
  const std::string venv_bin = program->substr(0, program->rfind('/'));
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  // The render gives neither command nor args: the image's entrypoint and CMD run.
  EXPECT_FALSE(rendered_container().contains("command"));
  EXPECT_FALSE(rendered_container().contains("args"));
  TempDir data;
  const std::string pod_ip = "10.244.2.50";
  ContractPod server(**net, *facts, label_studio_statefulset(), {"label-studio-0", pod_ip}, "label-studio",
                     label_studio_image(venv_bin));
  Status started = server.start({{"data", data.path()}});
  ASSERT_TRUE(started) << started.message();
  EXPECT_EQ(server.argv(), (std::vector<std::string>{source_path("testing/contract/label-studio-entrypoint.sh"), "label-studio"}));
  Status ready = server.wait_ready(std::chrono::seconds(240));
  ASSERT_TRUE(ready) << ready.message();

  // A browser behind the access layer, as the rendered admin.
  const std::string email = server.view().env_value("LABEL_STUDIO_USERNAME");
  const std::string origin = server.view().env_value("LABEL_STUDIO_HOST");
  ASSERT_EQ(email, "admin@betelgeusebytes.io");
  auto password = secret_value(*facts, "ml", "label-studio-admin", "password");
  ASSERT_TRUE(password) << password.status().message();
  ASSERT_EQ(password->size(), 32u);
  EXPECT_EQ(server.view().env_value("LABEL_STUDIO_PASSWORD"), *password);
  auto client = server.exec({"env", "-i", "PATH=" + venv_bin + ":/usr/bin:/bin", "HOME=/tmp", "python3",
                             source_path("testing/contract/label_studio_client.py"), "http://" + pod_ip + ":8080", origin,
                             email, *password},
                            std::chrono::seconds(120));
  ASSERT_TRUE(client) << client.status().message();
  ASSERT_EQ(client->exit_code, 0) << client->out << client->err << "\nthe server's log:\n" << server.log();
  std::map<std::string, std::string> said = client_findings(client->out);
  EXPECT_EQ(said["signup"], "403") << "sign-up without an invite link must be refused\n" << client->out;
  EXPECT_EQ(said["wrong_password"], "200 logged_in: no") << client->out;
  EXPECT_EQ(said["foreign_origin"], "403") << "Django's CSRF origin check must refuse an origin the render does not name\n"
                                           << client->out;
  EXPECT_EQ(said["login"].substr(0, 4), "302 ") << client->out << "\nthe server's log:\n" << server.log();
  EXPECT_EQ(said["whoami"], email) << client->out;
  EXPECT_EQ(said["project"].substr(said["project"].find(' ') + 1), "contract-project") << client->out;
  EXPECT_EQ(said["projects"], "1") << client->out;

  // Its own database: SQLite on the data volume, with the admin (a superuser) and the project.
  const std::string db = data.path() + "/label_studio.sqlite3";
  ASSERT_TRUE(std::filesystem::exists(db)) << "no database on the data volume; its log:\n" << server.log();
  auto rows = run_process({"python3", "-c",
                           "import sqlite3, sys\n"
                           "c = sqlite3.connect(sys.argv[1])\n"
                           "for e, s in c.execute('SELECT email, is_superuser FROM htx_user'): print('user', e, s)\n"
                           "for (t,) in c.execute('SELECT title FROM project'): print('project', t)\n",
                           db});
  ASSERT_TRUE(rows) << rows.status().message();
  EXPECT_EQ(rows->out, "user " + email + " 1\nproject contract-project\n") << rows->err;
  // Its session-signing key, generated at the first start, is kept on the volume (data/.env), so
  // sessions outlive a restart of the pod.
  EXPECT_NE(read_file(data.path() + "/.env").find("SECRET_KEY="), std::string::npos);

  // The dev server (Django's runserver, as `label-studio start` runs it) fits the rendered limit.
  auto held = memory_within_limit(server, rendered_container());
  EXPECT_TRUE(held) << held.status().message();
  if (held) std::cerr << "label-studio: its processes hold " << (*held >> 20) << " MiB\n";

  EXPECT_TRUE(server.running()) << server.how_it_ended() << "\n" << server.log();

  // Nothing Kubernetes injects is read as one of its settings: Label Studio reads PORT from
  // LABEL_STUDIO_PORT (then HEARTEX_PORT, PORT), which is also the service-link variable of a
  // Service named label-studio (tcp://CLUSTER-IP:8080).
  EXPECT_EQ(server.log().find("Can't parse PORT"), std::string::npos)
      << "a service-link variable was read as Label Studio's port; its log:\n" << server.log();
}

}  // namespace
}  // namespace bg::testing
