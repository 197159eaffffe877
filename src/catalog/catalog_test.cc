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

// A user blueprint of the wrong shape is reported where the value is, with a hint, never as a JSON
// library exception at line 1 (issue 24).
struct ShapeCase {
  const char* name;
  std::string tail;  // appended to a valid head
  std::string loc;
  std::string message;
};

// Each case's blueprint (head + tail) is refused with exactly its located message and a hint.
void expect_located(const std::string& head, const std::vector<ShapeCase>& cases) {
  for (const ShapeCase& c : cases) {
    SCOPED_TRACE(c.name);
    Catalog catalog;
    Diagnostics diags;
    EXPECT_FALSE(catalog.add(head + c.tail, "x.yaml", diags));
    ASSERT_EQ(diags.size(), 1u) << render_diagnostics(diags, {}, false);
    EXPECT_EQ(diags.items()[0].loc.str(), c.loc);
    EXPECT_EQ(diags.items()[0].message, c.message);
    EXPECT_FALSE(diags.items()[0].hints.empty());
  }
}

TEST(Catalog, WrongShapesAreLocatedWithAHint) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\n";
  const std::vector<ShapeCase> cases = {
      {"a string where a list of ports is expected", "ports: http\n", "x.yaml:5:8", "ports must be a list"},
      {"a word where a boolean is expected", "ports: [{name: web, port: 80}]\nui: {port: web, sensitive: maybe}\n",
       "x.yaml:6:28", "sensitive must be true or false"},
      {"a mapping where a list of env is expected", "env: {A: b}\n", "x.yaml:5:6", "env must be a list"},
      {"a word where a probe period is expected",
       "ports: [{name: web, port: 80}]\nprobes:\n  liveness:\n    tcp: web\n    periodSeconds: ten\n",
       "x.yaml:9:20", "periodSeconds must be an integer"},
      {"a list where suppressions are expected", "suppress: [a]\n", "x.yaml:5:11", "suppress must be a mapping"},
  };
  expect_located(head, cases);
}

TEST(Catalog, ValuesNginxOrKubernetesWouldRefuseAreLocatedWithAHint) {
  const std::string head = "name: x\nlayer: data\nnamespace: db\nimage: a:1\nports: [{name: web, port: 80}]\n";
  const std::vector<ShapeCase> cases = {
      {"a body size without digits", "ui: {port: web, bodySize: big}\n", "x.yaml:6:27", "bodySize \"big\" is not a size"},
      {"a body size in an unknown unit", "ui: {port: web, bodySize: 10t}\n", "x.yaml:6:27", "bodySize \"10t\" is not a size"},
      {"a unit alone", "ui: {port: web, bodySize: m}\n", "x.yaml:6:27", "bodySize \"m\" is not a size"},
      {"bidirectional propagation", "volumes: [{name: r, mountPath: /r, hostPath: /, mountPropagation: Bidirectional}]\n",
       "x.yaml:6:67", "mountPropagation \"Bidirectional\" is not allowed here"},
      {"propagation without a host path", "volumes: [{name: r, mountPath: /r, mountPropagation: HostToContainer}]\n",
       "x.yaml:6:54", "mountPropagation \"HostToContainer\" is not allowed here"},
  };
  expect_located(head, cases);
  Catalog catalog;
  Diagnostics diags;
  EXPECT_TRUE(catalog.add(head + "ui: {port: web, bodySize: 512m}\n", "x.yaml", diags)) << render_diagnostics(diags, {}, false);
  EXPECT_EQ(catalog.find("x")->ui_body_size, "512m");
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
