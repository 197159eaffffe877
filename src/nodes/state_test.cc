#include "nodes/state.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "testing/fixtures.h"

namespace bg::nodes {
namespace {

NodesState sample() {
  NodesState s;
  s.cluster = {Secret("abcdef.0123456789abcdef"), Secret(std::string(64, 'a')), "CERT", Secret("KEY")};
  s.nodes["cp-1"] = {Secret("PRIV"), "PUB", "10.77.0.1", "10.244.0.0/24"};
  return s;
}

int mode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

TEST(State, RoundTripsThroughText) {
  NodesState s = sample();
  Result<NodesState> back = parse_state(serialize_state(s), "x");
  ASSERT_TRUE(back) << back.status().message();
  EXPECT_EQ(*back, s);
  EXPECT_EQ(back->nodes.at("cp-1").private_key.reveal(), "PRIV");
}

TEST(State, IsSavedReadableByItsOwnerOnly) {
  testing::TempDir tmp;
  std::string path = tmp / "sub/.betelgeuse/nodes-state.json";
  ASSERT_TRUE(save_state(path, sample()));
  EXPECT_EQ(mode_of(path), 0600);
  EXPECT_EQ(mode_of(tmp / "sub/.betelgeuse"), 0700);
  EXPECT_EQ(*load_state(path), sample());
  // A file someone widened is narrowed again on the next save.
  ::chmod(path.c_str(), 0644);
  ASSERT_TRUE(save_state(path, sample()));
  EXPECT_EQ(mode_of(path), 0600);
  EXPECT_EQ(testing::read_tree(tmp / "sub/.betelgeuse").size(), 1u);  // no temporary files left
}

TEST(State, AMissingFileIsAnEmptyState) {
  testing::TempDir tmp;
  Result<NodesState> s = load_state(tmp / "none.json");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->nodes.empty());
  EXPECT_TRUE(s->cluster.bootstrap_token.empty());
}

TEST(State, AMalformedFileIsRefusedNotReplaced) {
  testing::TempDir tmp;
  std::ofstream(tmp / "s.json") << "{\"version\": 1, \"nodes\": [";
  Result<NodesState> s = load_state(tmp / "s.json");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.status().message(),
            tmp / "s.json" + ": not a JSON object; the nodes state file holds the mesh keys and the cluster CA, so it "
                             "is never replaced automatically — restore it from a backup, or move it away to start over");
  std::ofstream(tmp / "v.json") << "{\"version\": 7}";
  EXPECT_NE(load_state(tmp / "v.json").status().message().find("unknown version (want 1)"), std::string::npos);
}

TEST(State, FieldsOfAnotherTypeAreRefusedOrReadAsAbsentNeverThrown) {
  // A file edited by hand: json::value("version", 0) threw type_error on a quoted version.
  Result<NodesState> quoted = parse_state(R"({"version": "1"})", "s.json");
  ASSERT_FALSE(quoted);
  EXPECT_NE(quoted.status().message().find("s.json: unknown version (want 1)"), std::string::npos);
  Result<NodesState> odd = parse_state(
      R"({"version": 1, "cluster": {"caCert": 7, "bootstrapToken": null},
          "nodes": {"cp-1": {"publicKey": ["PUB"], "meshAddress": "10.77.0.1"}}})", "s.json");
  ASSERT_TRUE(odd) << odd.status().message();
  EXPECT_EQ(odd->cluster.ca_cert_pem, "");
  EXPECT_TRUE(odd->cluster.bootstrap_token.empty());
  EXPECT_EQ(odd->nodes.at("cp-1").public_key, "");
  EXPECT_EQ(odd->nodes.at("cp-1").mesh_address, "10.77.0.1");
  Result<NodesState> listed = parse_state(R"({"version": 1, "nodes": ["cp-1"]})", "s.json");
  ASSERT_FALSE(listed);
  EXPECT_NE(listed.status().message().find("\"nodes\" is not an object"), std::string::npos);
}

TEST(State, DefaultPathIsBesideTheSpec) {
  EXPECT_EQ(default_state_path("examples/platform.yaml"), "examples/.betelgeuse/nodes-state.json");
  EXPECT_EQ(default_state_path("platform.yaml"), "./.betelgeuse/nodes-state.json");
}

}  // namespace
}  // namespace bg::nodes
