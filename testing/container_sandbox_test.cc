#include "testing/container_sandbox.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace bg::testing {
namespace {

// A host with /bin → usr/bin, /etc holding hosts and passwd, /usr and /tmp.
HostTree fake_host() {
  static const std::map<std::string, HostTree::Type> paths = {
      {"/bin", HostTree::Type::kSymlink}, {"/etc", HostTree::Type::kDir},       {"/etc/hosts", HostTree::Type::kFile},
      {"/etc/passwd", HostTree::Type::kFile}, {"/usr", HostTree::Type::kDir}, {"/tmp", HostTree::Type::kDir},
      {"/proc", HostTree::Type::kDir}};
  HostTree h;
  h.type = [](const std::string& p) { return paths.count(p) ? paths.at(p) : HostTree::Type::kMissing; };
  h.entries = [](const std::string& dir) {
    std::vector<std::string> names;
    const std::string prefix = dir == "/" ? "/" : dir + "/";
    for (auto& [p, _] : paths)
      if (p.rfind(prefix, 0) == 0 && p.find('/', prefix.size()) == std::string::npos) names.push_back(p.substr(prefix.size()));
    return names;
  };
  h.link_target = [](const std::string&) { return std::string("usr/bin"); };
  return h;
}

bool has_sequence(const std::vector<std::string>& args, const std::vector<std::string>& seq) {
  return std::search(args.begin(), args.end(), seq.begin(), seq.end()) != args.end();
}

TEST(ContainerSandbox, TheHostIsReadOnlyAndAFolderThatMustHoldANewPathBecomesACopy) {
  ContainerView view;
  view.name = "prometheus";
  view.uid = 65534;
  view.hostname = "prometheus-0";
  SandboxLayout layout;
  layout.binds = {{"/t/data", "/prometheus", false}, {"/t/conf", "/etc/prometheus/prometheus.yml", true},
                  {"/t/hosts", "/etc/hosts", true}};
  auto args = bwrap_args(view, {}, layout, fake_host());
  ASSERT_TRUE(args) << args.status().message();
  EXPECT_TRUE(has_sequence(*args, {"--symlink", "usr/bin", "/bin"}));
  EXPECT_TRUE(has_sequence(*args, {"--ro-bind", "/usr", "/usr"}));
  EXPECT_FALSE(has_sequence(*args, {"--ro-bind", "/tmp", "/tmp"}));    // the container's own
  EXPECT_FALSE(has_sequence(*args, {"--ro-bind", "/proc", "/proc"}));  // a new one
  // /etc/prometheus does not exist on the host: /etc becomes a tmpfs of the host's entries.
  EXPECT_TRUE(has_sequence(*args, {"--tmpfs", "/etc", "--ro-bind", "/etc/hosts", "/etc/hosts", "--ro-bind", "/etc/passwd",
                                   "/etc/passwd"}));
  EXPECT_TRUE(has_sequence(*args, {"--bind", "/t/data", "/prometheus"}));
  EXPECT_TRUE(has_sequence(*args, {"--ro-bind", "/t/conf", "/etc/prometheus/prometheus.yml"}));
  EXPECT_TRUE(has_sequence(*args, {"--uid", "65534", "--gid", "65534"}));
  EXPECT_TRUE(has_sequence(*args, {"--hostname", "prometheus-0"}));
}

TEST(ContainerSandbox, TheEnvironmentIsThePodsOverTheImagesWithTheRuntimesPath) {
  ContainerView view;
  view.uid = 1000;
  view.hostname = "p";
  view.env = {{"LANG", "pod"}};
  ContainerImage image;
  image.env = {{"LANG", "image"}, {"JAVA_HOME", "/opt/java"}};
  auto args = bwrap_args(view, image, {}, fake_host());
  ASSERT_TRUE(args);
  EXPECT_TRUE(has_sequence(*args, {"--clearenv"}));
  EXPECT_TRUE(has_sequence(*args, {"--setenv", "LANG", "pod"}));
  EXPECT_TRUE(has_sequence(*args, {"--setenv", "JAVA_HOME", "/opt/java"}));
  EXPECT_TRUE(has_sequence(*args, {"--setenv", "HOSTNAME", "p"}));
  EXPECT_TRUE(has_sequence(*args, {"--setenv", "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}));
}

TEST(ContainerSandbox, RunAsNonRootRefusesTheImagesRootUser) {
  ContainerView view;
  view.name = "c";
  view.run_as_non_root = true;
  auto args = bwrap_args(view, {}, {}, fake_host());
  ASSERT_FALSE(args);
  EXPECT_EQ(args.status().message(), "container c has runAsNonRoot and would run as uid 0: the kubelet refuses to start it");
  ContainerImage nobody;
  nobody.user = 65534;
  EXPECT_TRUE(bwrap_args(view, nobody, {}, fake_host()));
}

TEST(ContainerSandbox, AMountBelowAHostSymlinkGoesWhereTheLinkPoints) {
  SandboxLayout layout;
  layout.binds = {{"/t/x", "/bin/tool", true}};
  auto args = bwrap_args({}, {}, layout, fake_host());
  ASSERT_TRUE(args) << args.status().message();
  EXPECT_TRUE(has_sequence(*args, {"--tmpfs", "/usr"}));
  EXPECT_TRUE(has_sequence(*args, {"--ro-bind", "/t/x", "/usr/bin/tool"}));
}

TEST(ContainerSandbox, TheImagesAccountsReplaceTheHostsOfTheSameNameOrId) {
  const std::string host = "root:x:0:0:root:/root:/bin/bash\npostgres:x:105:111::/var/lib/postgresql:/bin/bash\nsystemd:x:999:999::/:/usr/sbin/nologin\n";
  EXPECT_EQ(merge_accounts(host, {"postgres:x:999:999::/var/lib/postgresql:/bin/bash"}),
            "root:x:0:0:root:/root:/bin/bash\npostgres:x:999:999::/var/lib/postgresql:/bin/bash\n");
}

TEST(ContainerSandbox, ArgvIsTheCommandOrTheEntrypointThenTheArgsOrTheCmd) {
  ContainerImage image;
  image.entrypoint = {"/bin/prometheus"};
  image.cmd = {"--default"};
  ContainerView view;
  EXPECT_EQ(container_argv(view, image), (std::vector<std::string>{"/bin/prometheus", "--default"}));
  view.args = {"--x"};
  EXPECT_EQ(container_argv(view, image), (std::vector<std::string>{"/bin/prometheus", "--x"}));
  view.command = {"sh", "-c"};
  view.args = {"echo"};
  EXPECT_EQ(container_argv(view, image), (std::vector<std::string>{"sh", "-c", "echo"}));
  view.args.clear();
  EXPECT_EQ(container_argv(view, image), (std::vector<std::string>{"sh", "-c"}));
}

}  // namespace
}  // namespace bg::testing
