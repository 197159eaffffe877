// Argo Workflows' contract (issue 13): the real workflow-controller and Argo Server (the argo CLI's
// `server` command), built from Go modules (scripts/setup-contract-programs.sh; the module proxy
// serves v4.0.5 for the v4.1.2 the render pins), run as the kubelet would run their rendered
// containers — exactly the rendered args and env, the rendered ConfigMap, and the real token of
// their rendered service accounts, so the real RBAC authorizer judges the rendered Roles — against
// the real control plane (scripts/real-cluster.sh), with the rendered objects of both components
// applied and their pods placed by the real scheduler (kwok runs them).
//
// A sample Workflow that states nothing about security must then run to success: the controller
// builds its pod from the rendered configuration, and Pod Security admission (`restricted`, as the
// automation namespace is labelled) must accept it. kwok runs no process, so the test plays the
// two parts a node would: the executor's calls to the API server (a WorkflowTaskResult created and
// completed, as argoexec's wait container does, with a token of the pod's own service account)
// and the kubelet's (the pod's containers terminated with exit code 0).
#include <gtest/gtest.h>

#include "common/process.h"
#include "k8s/json_view.h"
#include "testing/applied_objects.h"
#include "testing/contract_cluster.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/example_render.h"

namespace bg::testing {
namespace {

using k8s::JsonView;
using manifest::Json;

constexpr const char* kNamespace = "automation";

// quay.io/argoproj/workflow-controller and quay.io/argoproj/argocli: ENTRYPOINT the program,
// USER 8737, no CMD. (argocli's WORKDIR /home/argo is a folder of its image that neither program
// reads; the sandbox has no image filesystem to hold it.)
ContainerImage argo_image(const std::string& program) {
  ContainerImage image;
  image.entrypoint = {program};
  image.user = 8737;
  return image;
}

const Json& deployment(const std::string& name) { return example_object("apps", "Deployment", kNamespace, name); }

std::string rendered_image(const std::string& name) {
  return (*pod_template(deployment(name)))["spec"]["containers"][0]["image"];
}

std::string label(const Json& o, const std::string& key) {
  const Json& labels = o["metadata"].value("labels", Json::object());
  return labels.contains(key) ? labels[key].get<std::string>() : "";
}

// What apply would send for the two components in their namespace (and their CRDs): RBAC, config,
// Services, workloads and policies, and the Secrets apply generates for them.
Json objects_for_the_cluster(const ClusterFacts& facts) {
  Json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", Json::array()}};
  for (const Json& o : facts.objects) {
    const std::string name = label(o, "app.kubernetes.io/name");
    const std::string ns = o["metadata"].value("namespace", "");
    const bool namespace_itself = o["kind"] == "Namespace" && o["metadata"]["name"] == kNamespace;
    const bool theirs = (name == "argo-workflows" || name == "argo-server") && (ns.empty() || ns == kNamespace);
    if (namespace_itself || theirs) list["items"].push_back(o);
  }
  return list;
}

// The pod the real controllers made for a rendered Deployment, once kwok runs it.
Json running_pod(const RealCluster& cluster, const std::string& name) {
  Json pods = Json::parse(kubectl(cluster, {"-n", kNamespace, "get", "pods", "-l", "app.kubernetes.io/name=" + name,
                                            "-o", "json"}),
                          nullptr, false);
  if (!pods.is_object() || pods["items"].empty()) return Json();
  return pods["items"][0];
}

PodPlacement placement_of(const Json& pod) {
  PodPlacement p{pod["metadata"]["name"], pod["status"]["podIP"]};
  p.pod_uid = pod["metadata"]["uid"];
  p.node_name = pod["spec"]["nodeName"];
  p.host_ip = pod["status"].value("hostIP", "127.0.0.1");
  return p;
}

Result<std::string> program(const std::string& name) {
  return contract_program("argo-workflows", "ARGO_WORKFLOWS_VERSION", name);
}

// A cluster with both components applied and their pods running; the facts a pod is given.
struct ArgoCluster {
  RealCluster cluster{source_path("examples/betelgeusebytes.yaml")};
  Result<ClusterFacts> facts = render_facts(example_render());
  std::unique_ptr<PodNetwork> net;
  std::unique_ptr<Forwarder> api;

  // Fails the test (and returns false) when any step does.
  bool up() {
    if (!facts) {
      ADD_FAILURE() << facts.status().message();
      return false;
    }
    if (!cluster.ok()) {
      ADD_FAILURE() << cluster.error();
      return false;
    }
    kubectl(cluster, {"apply", "--server-side", "-f", "-"}, objects_for_the_cluster(*facts).dump());
    // Polled, not `kubectl wait`: kubectl 1.32 fails at once on a CRD that has no conditions yet.
    auto established = [&] {
      Json crds = Json::parse(kubectl(cluster, {"get", "crd", "-l", "app.kubernetes.io/name=argo-workflows", "-o", "json"}),
                              nullptr, false);
      if (!crds.is_object() || crds["items"].empty()) return false;
      for (const Json& crd : crds["items"]) {
        bool yes = false;
        for (const Json& cond : crd["status"].value("conditions", Json::array()))
          yes = yes || (cond["type"] == "Established" && cond["status"] == "True");
        if (!yes) return false;
      }
      return true;
    };
    if (!poll_until(120, established, [](bool yes) { return yes; })) ADD_FAILURE() << "Argo's CRDs not Established";
    kubectl(cluster, {"-n", kNamespace, "wait", "--for=condition=Ready", "pod", "-l",
                      "app.kubernetes.io/name in (argo-workflows,argo-server)", "--timeout=120s"});
    auto created = PodNetwork::create();
    if (!created) {
      ADD_FAILURE() << created.status().message();
      return false;
    }
    net = std::move(*created);
    auto forwarded = api_server_in(*net, cluster, *facts);
    if (!forwarded) {
      ADD_FAILURE() << forwarded.status().message();
      return false;
    }
    api = std::move(*forwarded);
    for (const char* sa : {"argo-workflows", "argo-server"}) issue_token(cluster, *facts, kNamespace, sa);
    return !::testing::Test::HasFailure();
  }

  // One component's container as a pod of the network, started with exactly what is rendered
  // (`program_name` standing for its image's entrypoint) and ready by its own probe; null, and a
  // test failure, when it does not get there.
  std::unique_ptr<ContractPod> start_ready(const std::string& component, const std::string& program_name) {
    auto path = bg::testing::program(program_name);
    if (!path) {
      ADD_FAILURE() << path.status().message();
      return nullptr;
    }
    const std::string& program = *path;
    Json pod = running_pod(cluster, component);
    if (!pod.is_object()) {
      ADD_FAILURE() << "no running pod of " << component;
      return nullptr;
    }
    auto started = std::make_unique<ContractPod>(*net, *facts, deployment(component), placement_of(pod), component,
                                                 argo_image(program));
    Status s = started->start();
    if (!s) {
      ADD_FAILURE() << component << ": " << s.message();
      return nullptr;
    }
    std::vector<std::string> expected = {program};
    const Json tmpl = *pod_template(deployment(component));
    for (const Json& a : tmpl["spec"]["containers"][0]["args"]) expected.push_back(a);
    EXPECT_EQ(started->argv(), expected) << "exactly the rendered args after the entrypoint";
    Status ready = started->wait_ready(std::chrono::seconds(90));
    if (!ready) {
      ADD_FAILURE() << component << ": " << ready.message() << "\nits log:\n" << started->log();
      return nullptr;
    }
    return started;
  }
};

TEST(ArgoWorkflowsContract, TheProgramsAreTheNearestServedReleaseToTheOneTheRenderPins) {
  const std::string pinned = contract_version("ARGO_WORKFLOWS_VERSION");
  EXPECT_EQ(rendered_image("argo-workflows"), "quay.io/argoproj/workflow-controller:" + pinned)
      << "catalog/argo-workflows.yaml and testing/contract/versions.env must name the same release";
  EXPECT_EQ(rendered_image("argo-server"), "quay.io/argoproj/argocli:" + pinned);
  for (const char* name : {"workflow-controller", "argo"}) {
    auto path = program(name);
    ASSERT_TRUE(path) << path.status().message();
    auto run = run_process({*path, "version"});
    ASSERT_TRUE(run && run->exit_code == 0) << name;
    EXPECT_NE((run->out + run->err).find(contract_version("ARGO_WORKFLOWS_MODULE_VERSION")), std::string::npos)
        << run->out << run->err;
  }
}

TEST(ArgoWorkflowsContract, ArgoServerStartsWithTheRenderedArgsOnTheRealControlPlane) {
  ArgoCluster c;
  ASSERT_TRUE(c.up());
  auto server = c.start_ready("argo-server", "argo");
  ASSERT_TRUE(server);
  EXPECT_TRUE(server->running()) << server->how_it_ended() << "\n" << server->log();
}

TEST(ArgoWorkflowsContract, ASampleWorkflowPassesPodSecurityAndRunsToSuccessOnTheRealControlPlane) {
  ArgoCluster c;
  ASSERT_TRUE(c.up());
  auto controller = c.start_ready("argo-workflows", "workflow-controller");
  ASSERT_TRUE(controller);

  // A workflow as a user writes it: no service account, no security context of its own.
  const Json workflow = {
      {"apiVersion", "argoproj.io/v1alpha1"},
      {"kind", "Workflow"},
      {"metadata", {{"name", "hello"}, {"namespace", kNamespace}}},
      {"spec",
       {{"entrypoint", "main"},
        {"templates",
         {{{"name", "main"},
           {"container", {{"image", "docker.io/library/busybox:1.37"}, {"command", {"echo", "hello"}}}}}}}}}};
  kubectl(c.cluster, {"create", "-f", "-"}, workflow.dump());
  auto get = [&](const std::vector<std::string>& what) {
    std::vector<std::string> args = {"-n", kNamespace, "get"};
    args.insert(args.end(), what.begin(), what.end());
    args.insert(args.end(), {"-o", "json", "--ignore-not-found"});
    return Json::parse(kubectl(c.cluster, args), nullptr, false);
  };
  auto phase = [](const Json& o) { return JsonView(o)["status"]["phase"].str(); };

  // The controller's pod for it, admitted by Pod Security, placed by the scheduler, run by kwok.
  Json pod = poll_until(90, [&] { return get({"pod", "hello"}); }, [&](const Json& p) {
    return phase(p) == "Running" || phase(get({"workflow", "hello"})) == "Error";
  });
  ASSERT_EQ(phase(pod), "Running")
      << "the workflow's pod did not run: " << get({"workflow", "hello"}).dump()
      << "\nthe controller's log:\n" << controller->log();

  // The executor's calls (argoexec's wait container: workflow/executor/taskresult.go), a create and
  // a merge patch, made with a token of the pod's own service account.
  std::string sa = JsonView(pod)["spec"]["serviceAccountName"].str();
  if (sa.empty()) sa = "default";
  const Json owner = get({"workflow", "hello"});
  const Json task_result = {
      {"apiVersion", "argoproj.io/v1alpha1"},
      {"kind", "WorkflowTaskResult"},
      {"metadata",
       {{"name", "hello"},
        {"namespace", kNamespace},
        {"labels", {{"workflows.argoproj.io/workflow", "hello"}, {"workflows.argoproj.io/report-outputs-completed", "false"}}},
        {"ownerReferences",
         {{{"apiVersion", "argoproj.io/v1alpha1"}, {"kind", "Workflow"}, {"name", "hello"},
           {"uid", JsonView(owner)["metadata"]["uid"].str()}}}}}},
      {"phase", "Succeeded"}};
  const std::string results = "/apis/argoproj.io/v1alpha1/namespaces/" + std::string(kNamespace) + "/workflowtaskresults";
  ApiAnswer create = api_request_as(c.cluster, kNamespace, sa, "POST", results, task_result.dump());
  EXPECT_EQ(create.status, 201) << "the executor, as service account " << sa << ": " << create.body;
  ApiAnswer complete = api_request_as(
      c.cluster, kNamespace, sa, "PATCH", results + "/hello",
      R"({"metadata":{"labels":{"workflows.argoproj.io/report-outputs-completed":"true"}}})",
      "application/merge-patch+json");
  EXPECT_EQ(complete.status, 200) << "the executor, as service account " << sa << ": " << complete.body;

  // The kubelet's part: every container ran and exited 0.
  Json status = {{"phase", "Succeeded"}, {"initContainerStatuses", Json::array()}, {"containerStatuses", Json::array()}};
  auto terminated = [](JsonView container) {
    return Json{{"name", container["name"].str()},
                {"image", container["image"].str()},
                {"imageID", ""},
                {"ready", false},
                {"restartCount", 0},
                {"started", false},
                {"state", {{"terminated", {{"exitCode", 0}, {"reason", "Completed"}}}}}};
  };
  for (JsonView ct : JsonView(pod)["spec"]["initContainers"].items()) status["initContainerStatuses"].push_back(terminated(ct));
  for (JsonView ct : JsonView(pod)["spec"]["containers"].items()) status["containerStatuses"].push_back(terminated(ct));
  kubectl(c.cluster, {"-n", kNamespace, "patch", "pod", "hello", "--subresource=status", "--type=merge", "-p",
                      Json{{"status", status}}.dump()});

  Json done = poll_until(90, [&] { return get({"workflow", "hello"}); }, [&](const Json& wf) {
    std::string p = phase(wf);
    return p == "Succeeded" || p == "Failed" || p == "Error";
  });
  EXPECT_EQ(phase(done), "Succeeded") << done.dump() << "\nthe controller's log:\n" << controller->log();
  EXPECT_TRUE(controller->running()) << controller->how_it_ended();
}

}  // namespace
}  // namespace bg::testing
