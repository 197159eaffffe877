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

TEST(Catalog, TheBuiltInEdgesAreConsistent) {
  Diagnostics diags;
  Catalog::builtin().check_edges(diags);
  EXPECT_TRUE(diags.empty()) << render_diagnostics(diags, {}, false);
}

TEST(Catalog, DependenciesAreNamesOrMappingsWithOptionalAndSet) {
  Catalog c;
  Diagnostics diags;
  std::string text = "name: x\nlayer: data\nnamespace: db\nimage: a:1\n"
                     "dependsOn: [p, {component: q, optional: true, set: {username: root}}]\n"
                     "env: [{name: PW, secret: p/password}]\n";
  ASSERT_TRUE(c.add(text, "x.yaml", diags)) << render_diagnostics(diags, {}, false);
  const Blueprint& bp = *c.find("x");
  ASSERT_EQ(bp.depends_on.size(), 2u);
  EXPECT_FALSE(bp.depends_on[0].optional);
  EXPECT_TRUE(bp.depends_on[1].optional);
  EXPECT_EQ(bp.depends_on[1].set.at("username"), "root");
  // p is not in this catalog and q provisions nothing: both edges are reported.
  c.check_edges(diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].message, "blueprint \"x\" depends on unknown component \"p\"");
}

TEST(Catalog, AnEnvReadingAKeyTheProviderDoesNotProvisionIsRejected) {
  Catalog c;
  Diagnostics diags;
  ASSERT_TRUE(c.add("name: p\nlayer: data\nnamespace: db\nimage: a:1\n"
                    "provision: {command: [sh], keys: [{key: password, generate: password}]}\n", "p.yaml", diags));
  ASSERT_TRUE(c.add("name: x\nlayer: data\nnamespace: db\nimage: a:1\ndependsOn: [p]\n"
                    "env: [{name: PW, secret: p/passwrd}]\n", "x.yaml", diags));
  c.check_edges(diags);
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].message, "env PW of \"x\" refers to p/passwrd, which \"p\" does not provision");
}

// An edge narrowed to ports names ports the provider has; an env var rendered `when` a component
// names one the blueprint depends on.
TEST(Catalog, AnEdgesPortsAndAnEnvsWhenNameWhatExists) {
  Catalog c;
  Diagnostics diags;
  ASSERT_TRUE(c.add("name: p\nlayer: data\nnamespace: db\nimage: a:1\nports: [{name: otlp-grpc, port: 4317}]\n", "p.yaml", diags));
  ASSERT_TRUE(c.add("name: x\nlayer: data\nnamespace: db\nimage: a:1\n"
                    "dependsOn: [{component: p, optional: true, ports: [otlp-grpc]}]\n"
                    "env: [{name: A, value: a, when: p}]\n", "x.yaml", diags))
      << render_diagnostics(diags, {}, false);
  EXPECT_EQ(c.find("x")->depends_on[0].ports, std::vector<std::string>{"otlp-grpc"});
  EXPECT_EQ(c.find("x")->env[0].when, "p");
  c.check_edges(diags);
  EXPECT_TRUE(diags.empty()) << render_diagnostics(diags, {}, false);
  ASSERT_TRUE(c.add("name: y\nlayer: data\nnamespace: db\nimage: a:1\n"
                    "dependsOn: [{component: p, ports: [otlp]}]\nenv: [{name: B, value: b, when: q}]\n", "y.yaml", diags));
  c.check_edges(diags);
  ASSERT_EQ(diags.size(), 2u) << render_diagnostics(diags, {}, false);
  EXPECT_EQ(diags.items()[0].message, "blueprint \"y\" reaches port \"otlp\" of \"p\", which has no such port");
  EXPECT_EQ(diags.items()[1].message, "env B of \"y\" is rendered `when` \"q\", which it does not depend on");
}

TEST(Catalog, TheDataAndConfigVolumeNamesAreReserved) {
  Catalog c;
  Diagnostics diags;
  EXPECT_FALSE(c.add("name: x\nlayer: data\nnamespace: db\nimage: a:1\nvolumes: [{name: data, mountPath: /x}]\n",
                     "x.yaml", diags));
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags.items()[0].loc.str(), "x.yaml:5:18");
}

}  // namespace
}  // namespace bg::catalog
