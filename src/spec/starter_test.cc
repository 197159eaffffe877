#include "spec/starter.h"

#include <gtest/gtest.h>

#include "pipeline/pipeline.h"

namespace bg::spec {
namespace {

TEST(Starter, TheStarterSpecRendersCleanly) {
  pipeline::PipelineResult r = pipeline::run_text(std::string(starter_spec()), "platform.yaml");
  EXPECT_TRUE(r.ok()) << render_diagnostics(r.diagnostics, r.sources, false);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_GT(r.objects.size(), 10u);
}

}  // namespace
}  // namespace bg::spec
