// Render + validation speed: the bundled example through the whole pipeline, and a synthetic
// platform 100x larger (every enabled component copied 100 times into its own namespace) through
// render + schema validation. Prints medians; docs/benchmarks.md records the figures.
//
//   build/render_bench [runs]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "check/validate.h"
#include "pipeline/pipeline.h"
#include "render/render.h"

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename F>
std::vector<double> time_runs(int runs, F f) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    f();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  return ms;
}

bg::platform::Platform scaled(const bg::platform::Platform& base, int copies) {
  bg::platform::Platform p = base;
  p.components.clear();
  p.namespaces.clear();
  for (int i = 0; i < copies; ++i) {
    for (bg::platform::Component c : base.components) {
      if (c.provides("ingress-controller") || c.provides("cert-issuer")) {
        if (i == 0) p.components.push_back(c);
        continue;
      }
      c.name += "-" + std::to_string(i);
      c.ns += "-" + std::to_string(i);
      if (c.ui) c.ui->host = c.name + "." + p.domain, c.ui->service = c.name;
      for (auto& t : c.tcp) t.public_port = 10000 + i * 10 + static_cast<int>(&t - &c.tcp[0]);
      if (c.placement) c.placement->host_path += "-" + std::to_string(i);
      p.components.push_back(c);
    }
  }
  for (const auto& c : p.components) {
    if (c.blueprint->workload == bg::catalog::WorkloadKind::kNone) continue;
    p.namespaces.push_back({c.ns, c.blueprint->pod_security, {c.name}});
  }
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 11;
  std::ifstream in(std::string(BG_SOURCE_DIR) + "/examples/betelgeusebytes.yaml");
  std::stringstream text;
  text << in.rdbuf();
  const auto& schemas = bg::check::SchemaSet::builtin();  // parse the bundle once, outside the timing

  bg::pipeline::PipelineResult example = bg::pipeline::run_text(text.str(), "example.yaml");
  auto t_example = time_runs(runs, [&] { bg::pipeline::run_text(text.str(), "example.yaml"); });
  std::printf("example: %zu objects, full pipeline (load+resolve+render+validate) median %.2f ms over %d runs\n",
              example.objects.size(), median(t_example), runs);

  bg::platform::Platform big = scaled(example.platform, 100);
  std::size_t objects = 0, findings = 0;
  auto t_render = time_runs(runs, [&] { objects = bg::render::render(big).size(); });
  bg::manifest::ObjectSet set = bg::render::render(big);
  auto t_validate = time_runs(runs, [&] { findings = bg::check::validate_objects(set, schemas).size(); });
  double render_ms = median(t_render), validate_ms = median(t_validate);
  std::printf("100x synthetic: %zu objects (%zu findings); render median %.1f ms, validate median %.1f ms, "
              "render+validate %.1f ms = %.0f objects/s\n",
              objects, findings, render_ms, validate_ms, render_ms + validate_ms,
              objects / ((render_ms + validate_ms) / 1000.0));
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("peak RSS %.1f MiB\n", ru.ru_maxrss / 1024.0);
  return 0;
}
