// The reader opens List kinds in every input form — a file, a folder, stdin, and the streams that
// `kubectl kustomize` and `helm template` write — and findings inside items point at the items'
// own lines.
#include "check/manifest_reader.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "check/checker.h"
#include "testing/fixtures.h"

namespace bg::check {
namespace {

// A typed list, a kind: List holding another list, and the mistakes inside their items: a literal
// password in a ConfigMap (line 8, at the value), an unknown field in a RoleBinding (line 20).
const char* kLists = R"(apiVersion: v1
kind: ConfigMapList
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: settings, namespace: shop}
  data:
    DB_PASSWORD: hunter2
---
apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBindingList
  items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: readers, namespace: shop}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
    subject: []
)";

// "rule line:col" of every finding, and how many objects were read.
struct Seen {
  std::vector<std::string> findings;
  std::size_t objects = 0;
};

Seen check(FileSystem& fs, const std::vector<std::string>& paths, std::istream* in) {
  Checker checker(SchemaSet::builtin());
  ReadResult r =
      read_each(fs, paths, in, [&](const std::string& file, const yaml::Node& o) { checker.add_document(o, file); });
  EXPECT_TRUE(r.diagnostics.empty());
  Seen seen{{}, r.documents};
  for (const Finding& f : checker.finish())
    seen.findings.push_back(f.rule + " " + std::to_string(f.loc.line) + ":" + std::to_string(f.loc.col));
  return seen;
}

const std::vector<std::string> kExpected = {"no-literal-secret 8:18", "schema 20:5"};

TEST(ManifestReader, ListsInAFileAreOpenedUp) {
  testing::MemoryFileSystem fs;
  fs.files["lists.yaml"] = kLists;
  Seen seen = check(fs, {"lists.yaml"}, nullptr);
  EXPECT_EQ(seen.findings, kExpected);
  EXPECT_EQ(seen.objects, 2u);
}

TEST(ManifestReader, ListsInAFolderAreOpenedUp) {
  testing::TempDir dir;
  std::ofstream(dir / "lists.yaml") << kLists;
  DiskFileSystem disk;
  Seen seen = check(disk, {dir.path()}, nullptr);
  EXPECT_EQ(seen.findings, kExpected);
  EXPECT_EQ(seen.objects, 2u);
}

TEST(ManifestReader, ListsOnStandardInputAreOpenedUp) {
  testing::MemoryFileSystem fs;
  std::istringstream in(kLists);
  Seen seen = check(fs, {"-"}, &in);
  EXPECT_EQ(seen.findings, kExpected);
  EXPECT_EQ(seen.objects, 2u);
}

TEST(ManifestReader, ListsInHelmTemplateOutputAreOpenedUp) {
  // helm template: a leading `---`, `# Source:` comments, empty documents between templates.
  std::string helm = "---\n# Source: shop/templates/empty.yaml\n---\n# Source: shop/templates/lists.yaml\n";
  helm += kLists;
  testing::MemoryFileSystem fs;
  std::istringstream in(helm);
  Seen seen = check(fs, {"-"}, &in);
  EXPECT_EQ(seen.findings, (std::vector<std::string>{"no-literal-secret 12:18", "schema 24:5"}));
  EXPECT_EQ(seen.objects, 2u);
}

TEST(ManifestReader, ListsForCrdFilesAreOpenedUp) {
  testing::MemoryFileSystem fs;
  fs.files["crds.yaml"] = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinitionList
items:
- apiVersion: apiextensions.k8s.io/v1
  kind: CustomResourceDefinition
  metadata: {name: gadgets.example.org}
)";
  ManifestInput m = read_manifests(fs, {"crds.yaml"}, nullptr);
  ASSERT_EQ(m.documents.size(), 1u);
  EXPECT_EQ(m.documents[0].body["kind"], "CustomResourceDefinition");
}

}  // namespace
}  // namespace bg::check
