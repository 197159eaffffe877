#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include "common/embedded.h"

namespace bg::catalog {
namespace {

TEST(Catalog, EveryBuiltInBlueprintParsesWithoutDiagnostics) {
  Catalog c;
  Diagnostics diags;
  for (std::size_t i = 0; i < bg_embedded_blueprints_count; ++i) {
    const EmbeddedFile& f = bg_embedded_blueprints[i];
    EXPECT_TRUE(c.add(f.bytes, std::string(f.name), diags)) << f.name;
  }
  EXPECT_TRUE(diags.empty()) << render_diagnostics(diags, {}, false);
  EXPECT_EQ(c.names().size(), bg_embedded_blueprints_count);
}

TEST(Catalog, EveryImageIsPinnedToAnExplicitTag) {
  for (const auto& [name, bp] : Catalog::builtin().all()) {
    if (bp.workload == WorkloadKind::kNone) continue;
    std::string tag = bp.image.substr(bp.image.find_last_of('/') + 1);
    ASSERT_NE(tag.find(':'), std::string::npos) << name << " image has no tag: " << bp.image;
    EXPECT_NE(tag.substr(tag.find(':') + 1), "latest") << name;
  }
}

TEST(Catalog, PostgresKeepsItsDataWhereThe18ImageExpectsIt) {
  const Blueprint* pg = Catalog::builtin().find("postgres");
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(pg->storage_mount, "/var/lib/postgresql");
  ASSERT_NE(pg->find_port("postgres"), nullptr);
  EXPECT_EQ(pg->find_port("postgres")->expose, Exposure::kTcp);
}

TEST(Catalog, UnknownBlueprintFieldIsLocatedWithDidYouMean) {
  Catalog c;
  Diagnostics diags;
  std::string text = "name: x\nlayer: data\nnamespace: db\nimage: a:1\nprots: []\n";
  EXPECT_FALSE(c.add(text, "x.yaml", diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].loc.str(), "x.yaml:5:1");
  EXPECT_EQ(diags.items()[0].message, "unknown field \"prots\" in blueprint");
  EXPECT_EQ(diags.items()[0].hints[0], "did you mean \"ports\"?");
}

TEST(Catalog, AProbeOnAnUndefinedPortIsRejected) {
  Catalog c;
  Diagnostics diags;
  std::string text = "name: x\nlayer: data\nnamespace: db\nimage: a:1\nports: [{name: web, port: 80}]\n"
                     "probes: {liveness: {tcp: http}}\n";
  EXPECT_FALSE(c.add(text, "x.yaml", diags));
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags.items()[0].message, "no port named \"http\"");
}

TEST(Catalog, WrongShapesAreDiagnosticsNotCrashes) {
  Catalog c;
  Diagnostics diags;
  EXPECT_FALSE(c.add("name: x\nlayer: data\nnamespace: db\nimage: a:1\nsecrets: [{name: s, keys: 3}]\n", "x.yaml", diags));
  EXPECT_TRUE(diags.has_errors());
}

}  // namespace
}  // namespace bg::catalog
