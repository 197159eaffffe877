#include "diagram/diagram.h"

#include <gtest/gtest.h>

#include "common/process.h"
#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::diagram {
namespace {

const platform::Platform& example() {
  static const pipeline::PipelineResult r = pipeline::run_text(testing::example_spec(), "e.yaml");
  return r.platform;
}

TEST(Diagram, DotShowsEntryPointsNamespacesAndDataPlacement) {
  std::string dot = to_dot(example());
  for (const char* want : {"subgraph \"cluster_db\"", "internet -> \"c_ingress-nginx\" [label=\"80, 443, 2222, 9094, 7687, 5432\"",
                           "\"c_ingress-nginx\" -> \"c_grafana\" [label=\"https://grafana.betelgeusebytes.io (basic auth)\"",
                           "\"c_ingress-nginx\" -> \"c_postgres\" [label=\"tcp 5432\"", "\"c_postgres\" -> \"n_worker-1\"",
                           "shape=cylinder"})
    EXPECT_NE(dot.find(want), std::string::npos) << want << "\n" << dot;
  EXPECT_EQ(dot, to_dot(example()));  // deterministic
}

TEST(Diagram, GraphvizAcceptsTheDotAndDrawsSvg) {
  ASSERT_TRUE(on_path("dot")) << "Graphviz is installed by scripts/setup.sh";
  Result<ProcessResult> svg = run_process({"dot", "-Tsvg"}, to_dot(example()));
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->exit_code, 0) << svg->err;
  EXPECT_NE(svg->out.find("<svg"), std::string::npos);
  EXPECT_NE(svg->out.find("grafana.betelgeusebytes.io"), std::string::npos);
}

TEST(Diagram, TextVersionIsATree) {
  EXPECT_EQ(to_text(example()),
            "internet → 203.0.113.10\n"
            "└─ ingress-nginx (ingress-nginx)\n"
            "   ├─ namespace automation\n"
            "   │  ├─ argo-server  https://argo.betelgeusebytes.io\n"
            "   │  ├─ argo-workflows  uses minio\n"
            "   │  └─ n8n  https://n8n.betelgeusebytes.io, uses postgres embeddings llama-cpp\n"
            "   ├─ namespace cert-manager\n"
            "   │  ├─ cert-manager\n"
            "   │  ├─ cert-manager-cainjector\n"
            "   │  └─ cert-manager-webhook\n"
            "   ├─ namespace db\n"
            "   │  └─ postgres  tcp 5432, 50Gi on worker-1\n"
            "   ├─ namespace dev\n"
            "   │  └─ gitea  https://git.betelgeusebytes.io, tcp 2222, 20Gi on worker-1, uses postgres\n"
            "   ├─ namespace graph\n"
            "   │  └─ neo4j  https://neo4j.betelgeusebytes.io, tcp 7687, 50Gi on worker-1\n"
            "   ├─ namespace ml\n"
            "   │  ├─ embeddings  10Gi on worker-2\n"
            "   │  ├─ jupyter  https://jupyter.betelgeusebytes.io, 20Gi on worker-2, uses mlflow embeddings llama-cpp vllm\n"
            "   │  ├─ label-studio  https://label-studio.betelgeusebytes.io, 20Gi on worker-2\n"
            "   │  ├─ llama-cpp  20Gi on worker-2\n"
            "   │  ├─ mlflow  https://mlflow.betelgeusebytes.io, uses postgres minio\n"
            "   │  └─ vllm  100Gi on gpu-1\n"
            "   ├─ namespace node-agents\n"
            "   │  ├─ fluent-bit  uses elasticsearch\n"
            "   │  ├─ node-exporter\n"
            "   │  └─ nvidia-device-plugin\n"
            "   ├─ namespace objectstore\n"
            "   │  └─ minio  https://minio.betelgeusebytes.io, 200Gi on worker-1\n"
            "   ├─ namespace observability\n"
            "   │  ├─ elasticsearch  200Gi on worker-2\n"
            "   │  ├─ grafana  https://grafana.betelgeusebytes.io, 10Gi on worker-2, uses prometheus elasticsearch tempo otel-collector\n"
            "   │  ├─ kibana  https://kibana.betelgeusebytes.io, uses elasticsearch\n"
            "   │  ├─ kube-state-metrics\n"
            "   │  ├─ otel-collector  uses tempo\n"
            "   │  ├─ prometheus  https://prometheus.betelgeusebytes.io, 100Gi on worker-2, uses otel-collector\n"
            "   │  └─ tempo  20Gi on worker-2\n"
            "   └─ namespace streaming\n"
            "      └─ kafka  tcp 9094, 100Gi on worker-1\n");
}

TEST(Process, ReportsExitCodesAndBothStreams) {
  Result<ProcessResult> r = run_process({"sh", "-c", "cat; echo err >&2; exit 3"}, "hello");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->out, "hello");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_FALSE(run_process({"/nonexistent/program"}));
}

}  // namespace
}  // namespace bg::diagram
