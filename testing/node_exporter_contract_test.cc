// node-exporter's contract (issue 13): the real node_exporter at the release the render pins (Go
// modules, scripts/setup-contract-programs.sh), run as the kubelet would run its rendered DaemonSet
// container — the image's entrypoint, then exactly the rendered args, as uid and gid 65534, with the
// node's /proc, /sys and / bound read-only at the rendered mount paths (the harness's hostPath
// volumes). Its job: serve the node's figures, read through those paths, on the port and path the
// rendered Prometheus configuration scrapes, every rendered collector either succeeding or finding
// on the node nothing of what it reports on.
//
// What the test machine is not: a node. The host's /proc, /sys and / are this machine's; the
// network the process sees is the test's pod network, not the host's (hostNetwork is not
// modelled), so the network collectors describe that namespace; hostPID is not modelled either
// (node_exporter reads processes through the bound /proc, which shows the host's).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "common/process.h"
#include "testing/applied_objects.h"
#include "testing/contract_pod.h"
#include "testing/contract_programs.h"
#include "testing/example_render.h"
#include "testing/fixtures.h"
#include "testing/process_memory.h"
#include "yaml/loader.h"

namespace bg::testing {
namespace {

using manifest::Json;

constexpr const char* kNamespace = "node-agents";

const Json& daemonset() { return example_object("apps", "DaemonSet", kNamespace, "node-exporter"); }
Json pod_spec_template() { return *pod_template(daemonset()); }
Json exporter_container() { return pod_spec_template()["spec"]["containers"][0]; }

Result<std::string> program() { return contract_program("node-exporter", "NODE_EXPORTER_VERSION", "node_exporter"); }

// The value of the rendered flag `--name=VALUE` ("" when the render does not give it).
std::string rendered_flag(const std::string& name) {
  const Json container = exporter_container();
  for (const Json& a : container["args"]) {
    const std::string arg = a.get<std::string>();
    if (arg.rfind("--" + name + "=", 0) == 0) return arg.substr(name.size() + 3);
  }
  return {};
}

// The samples of a Prometheus text exposition: "name{labels}" → value.
std::map<std::string, double> samples_of(const std::string& body) {
  std::map<std::string, double> out;
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.rfind(' ');
    if (space == std::string::npos) continue;
    try {
      out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    } catch (...) {
      out[line.substr(0, space)] = -1;
    }
  }
  return out;
}

// The scrape target one rendered job makes of the pod, through its kubernetes_sd `pod` role (one
// target per container port) and its relabelling (keep, drop, replace: what the render uses; any
// other action fails the test): {address, metrics path}, or nothing when the job drops it.
struct Target {
  std::string address;
  std::string path;
};
std::vector<Target> targets_of(const Json& job, const std::map<std::string, std::string>& meta, const std::vector<int>& ports,
                               const std::string& pod_ip) {
  std::vector<Target> out;
  // Only a discovery of role pod sees the pod, and only in the namespaces it names (all when none):
  // the node and endpointslice jobs (kubelets, API server) and the kube-system ones (Cilium) do not.
  bool sees_pod = false;
  for (const Json& sd : job.value("kubernetes_sd_configs", Json::array())) {
    if (sd.value("role", "") != "pod") continue;
    const Json names = sd.value("namespaces", Json::object()).value("names", Json::array());
    sees_pod = sees_pod || names.empty() || std::find(names.begin(), names.end(), meta.at("__meta_kubernetes_namespace")) != names.end();
  }
  if (!sees_pod) return out;
  for (int port : ports) {
    std::map<std::string, std::string> labels = meta;
    labels["__address__"] = pod_ip + ":" + std::to_string(port);
    labels["__metrics_path__"] = job.value("metrics_path", "/metrics");
    bool kept = true;
    for (const Json& rule : job.value("relabel_configs", Json::array())) {
      std::string value;
      bool first = true;
      for (const Json& source : rule.value("source_labels", Json::array())) {
        value += (first ? "" : rule.value("separator", ";")) + labels[source.get<std::string>()];
        first = false;
      }
      const std::regex re(rule.value("regex", "(.*)"));
      std::smatch m;
      const bool matched = std::regex_match(value, m, re);
      const std::string action = rule.value("action", "replace");
      if (action == "keep" && !matched) kept = false;
      else if (action == "drop" && matched) kept = false;
      else if (action == "replace") {
        if (matched) labels[rule.value("target_label", "")] = m.format(rule.value("replacement", "$1"));
      } else if (action != "keep" && action != "drop") {
        ADD_FAILURE() << "relabel action " << action << " is not evaluated by this test";
      }
      if (!kept) break;
    }
    if (kept) out.push_back({labels["__address__"], labels["__metrics_path__"]});
  }
  return out;
}

// Prometheus' kubernetes_sd name for a label or annotation key.
std::string sanitized(std::string key) {
  for (char& c : key)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return key;
}

// Each default collector that can find nothing to report on a machine, and the node's path whose
// absence (in the node's /proc or /sys, as the rendered flags point node_exporter at them) means
// so: node_exporter then reports node_scrape_collector_success 0 for it without an error, on a
// real node as here. A collector that reports 0 while its path is on this machine fails the test.
const std::map<std::string, std::string>& nothing_to_report_without() {
  static const std::map<std::string, std::string> paths = {
      {"bonding", "/sys/class/net/bonding_masters"}, {"dmi", "/sys/class/dmi/id"},
      {"fibrechannel", "/sys/class/fc_host"},        {"hwmon", "/sys/class/hwmon"},
      {"infiniband", "/sys/class/infiniband"},       {"ipvs", "/proc/net/ip_vs"},
      {"mdadm", "/proc/mdstat"},                     {"nfs", "/proc/net/rpc/nfs"},
      {"nfsd", "/proc/net/rpc/nfsd"},                {"nvme", "/sys/class/nvme"},
      {"rapl", "/sys/class/powercap"},               {"schedstat", "/proc/schedstat"},
      {"tapestats", "/sys/class/scsi_tape"},         {"zfs", "/proc/spl/kstat/zfs"}};
  return paths;
}

// RAPL's energy counters are root's alone since Linux 5.10 (CVE-2020-8694): as nobody, node_exporter
// finds them unreadable and reports nothing, on every node that has them.
bool rapl_unreadable_by_others() {
  std::error_code ec;
  for (const auto& zone : std::filesystem::directory_iterator("/sys/class/powercap", ec)) {
    struct stat st {};
    if (stat((zone.path() / "energy_uj").c_str(), &st) == 0 && !(st.st_mode & S_IROTH)) return true;
  }
  return false;
}

TEST(NodeExporterContract, TheProgramIsTheReleaseTheRenderPins) {
  const std::string pinned = contract_version("NODE_EXPORTER_VERSION");
  EXPECT_EQ(exporter_container()["image"], "quay.io/prometheus/node-exporter:" + pinned)
      << "catalog/node-exporter.yaml and testing/contract/versions.env must name the same release";
  auto path = program();
  ASSERT_TRUE(path) << path.status().message();
  auto run = run_process({"go", "version", "-m", *path});
  ASSERT_TRUE(run && run->exit_code == 0);
  EXPECT_NE(run->out.find("github.com/prometheus/node_exporter\t" + pinned), std::string::npos) << run->out;
}

TEST(NodeExporterContract, ItServesTheNodesFiguresFromTheBoundHostPathsOnTheScrapedPort) {
  auto path = program();
  ASSERT_TRUE(path) << path.status().message();
  auto facts = render_facts(example_render());
  ASSERT_TRUE(facts) << facts.status().message();
  auto net = PodNetwork::create();
  ASSERT_TRUE(net) << net.status().message();

  // On the host's network the pod's IP is its node's.
  PodPlacement placement{"node-exporter-7xk2p", "10.0.0.11"};
  placement.host_ip = placement.pod_ip;
  // quay.io/prometheus/node-exporter (its Dockerfile, on busybox): ENTRYPOINT ["/bin/node_exporter"],
  // USER nobody, EXPOSE 9100.
  ContainerImage image;
  image.entrypoint = {*path};
  image.user = 65534;
  ContractPod exporter(**net, *facts, daemonset(), placement, "node-exporter", image);
  Status started = exporter.start();
  ASSERT_TRUE(started) << started.message();
  std::vector<std::string> expected = image.entrypoint;
  const Json container = exporter_container();
  for (const Json& a : container["args"]) expected.push_back(a);
  EXPECT_EQ(exporter.argv(), expected) << "the entrypoint, then exactly the rendered args";
  // The node's /proc, /sys and / at the rendered mount paths, read-only.
  std::map<std::string, std::string> host_paths;
  for (const Mount& m : exporter.view().mounts)
    if (m.kind == Mount::Kind::kHostPath) {
      EXPECT_TRUE(m.read_only) << m.path;
      host_paths[m.path] = m.host_path;
    }
  EXPECT_EQ(host_paths, (std::map<std::string, std::string>{{"/host/proc", "/proc"}, {"/host/sys", "/sys"}, {"/host/root", "/"}}));
  // A flag it refuses ends it here, with kingpin's error in its log.
  Status ready = exporter.wait_ready(std::chrono::seconds(30));
  ASSERT_TRUE(ready) << ready.message();

  // The target each rendered Prometheus job makes of this pod, as its kubernetes_sd pod role sees it.
  const Json& config_map = example_object("", "ConfigMap", "observability", "prometheus-config");
  auto loaded = yaml::load(config_map["data"].value("prometheus.yml", ""), "prometheus.yml");
  ASSERT_EQ(loaded.documents.size(), 1u) << "the rendered prometheus.yml does not load";
  const Json config = yaml::to_json(loaded.documents.at(0).root);
  const Json tmpl = pod_spec_template();
  std::map<std::string, std::string> meta = {{"__meta_kubernetes_namespace", kNamespace},
                                             {"__meta_kubernetes_pod_name", placement.pod_name},
                                             {"__meta_kubernetes_pod_ip", placement.pod_ip},
                                             {"__meta_kubernetes_pod_node_name", placement.node_name},
                                             {"__meta_kubernetes_pod_phase", "Running"}};
  const Json annotations = tmpl["metadata"].value("annotations", Json::object());
  const Json labels = tmpl["metadata"].value("labels", Json::object());
  for (auto& [k, v] : annotations.items()) meta["__meta_kubernetes_pod_annotation_" + sanitized(k)] = v.get<std::string>();
  for (auto& [k, v] : labels.items()) meta["__meta_kubernetes_pod_label_" + sanitized(k)] = v.get<std::string>();
  std::vector<std::pair<std::string, Target>> scraped;
  for (const Json& job : config.value("scrape_configs", Json::array()))
    for (const Target& t : targets_of(job, meta, exporter.view().ports, placement.pod_ip)) scraped.push_back({job["job_name"], t});
  ASSERT_EQ(scraped.size(), 1u) << "one rendered job scrapes node-exporter, once";
  EXPECT_EQ(scraped[0].first, "pods");
  const std::string listen_port = rendered_flag("web.listen-address").substr(rendered_flag("web.listen-address").rfind(':') + 1);
  EXPECT_EQ(scraped[0].second.address, placement.pod_ip + ":" + listen_port) << "the port it listens on";

  // What that target serves.
  const std::string url = "http://" + scraped[0].second.address + scraped[0].second.path;
  auto answer = (*net)->http_get(url, std::chrono::seconds(20));
  ASSERT_TRUE(answer) << answer.status().message();
  ASSERT_EQ(answer->status, 200) << url << ": " << answer->body.substr(0, 500);
  const std::map<std::string, double> samples = samples_of(answer->body);
  auto value = [&](const std::string& series) { return samples.count(series) ? samples.at(series) : -1.0; };
  bool built = false;
  for (auto& [series, v] : samples)
    built = built || (series.rfind("node_exporter_build_info{", 0) == 0 &&
                      series.find(",version=\"" + contract_version("NODE_EXPORTER_VERSION").substr(1) + "\"}") != std::string::npos);
  EXPECT_TRUE(built) << "node_exporter_build_info of the pinned release";

  // /proc at --path.procfs: every online CPU's time, and the node's memory as its meminfo says.
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  for (long cpu = 0; cpu < cpus; ++cpu)
    EXPECT_GE(value("node_cpu_seconds_total{cpu=\"" + std::to_string(cpu) + "\",mode=\"idle\"}"), 0.0) << "cpu " << cpu;
  long long mem_total_kib = 0;
  std::istringstream meminfo(read_file("/proc/meminfo"));
  for (std::string key; meminfo >> key;) {
    if (key == "MemTotal:") {
      meminfo >> mem_total_kib;
      break;
    }
    meminfo.ignore(1 << 10, '\n');
  }
  EXPECT_EQ(value("node_memory_MemTotal_bytes"), static_cast<double>(mem_total_kib) * 1024);
  // / at --path.rootfs: the node's root file system's size, as statfs of the host's / gives it (the
  // container's own / is a small tmpfs).
  struct statvfs root {};
  ASSERT_EQ(statvfs("/", &root), 0);
  double root_size = -1;
  for (auto& [series, v] : samples)
    if (series.rfind("node_filesystem_size_bytes{", 0) == 0 && series.find("mountpoint=\"/\"}") != std::string::npos) root_size = v;
  EXPECT_EQ(root_size, static_cast<double>(root.f_blocks) * static_cast<double>(root.f_frsize))
      << "node_filesystem_size_bytes of mountpoint \"/\" (the host's root, through " << rendered_flag("path.rootfs") << ")";
  // /sys at --path.sysfs: the node's network devices' class entries.
  EXPECT_GE(value("node_scrape_collector_success{collector=\"netclass\"}"), 1.0);

  // Every enabled collector succeeded, or found nothing of what it reports on this machine.
  int collectors = 0;
  const std::string prefix = "node_scrape_collector_success{collector=\"";
  for (auto& [series, v] : samples) {
    if (series.rfind(prefix, 0) != 0) continue;
    ++collectors;
    const std::string name = series.substr(prefix.size(), series.size() - prefix.size() - 2);
    if (v == 1) continue;
    auto reason = nothing_to_report_without().find(name);
    if (reason == nothing_to_report_without().end()) {
      ADD_FAILURE() << "collector " << name << " failed; node_exporter's log:\n" << exporter.log();
      continue;
    }
    const bool absent = !std::filesystem::exists(reason->second) || (name == "rapl" && rapl_unreadable_by_others());
    EXPECT_TRUE(absent) << "collector " << name << " reported nothing though this machine has " << reason->second;
  }
  EXPECT_GE(collectors, 40) << "the release's default collectors";

  // Its log holds no error but one this machine explains: the node's udev database, read for the
  // disks' properties, must be looked up below the node's root (--path.rootfs), since the image
  // holds none; only a machine without one may then miss it.
  std::istringstream log(exporter.log());
  for (std::string line; std::getline(log, line);) {
    if (line.find("level=ERROR") == std::string::npos) continue;
    if (line.find("disabling udev device properties") != std::string::npos) {
      const std::size_t at = line.find(" path=");
      const std::string udev = at == std::string::npos ? "" : line.substr(at + 6, line.find(' ', at + 6) - at - 6);
      EXPECT_EQ(udev.rfind(rendered_flag("path.rootfs") + "/", 0), 0u)
          << "node_exporter reads the node's udev database at " << udev
          << ", a path of the image (which has none), not of the node's root at " << rendered_flag("path.rootfs");
      EXPECT_FALSE(std::filesystem::exists("/run/udev/data")) << "this machine has a udev database: " << line;
      continue;
    }
    ADD_FAILURE() << "node_exporter logged an error: " << line;
  }

  auto limit = memory_quantity_bytes(container["resources"]["limits"].value("memory", ""));
  ASSERT_TRUE(limit) << limit.status().message();
  auto in_use = exporter.memory_in_use();
  ASSERT_TRUE(in_use) << in_use.status().message();
  EXPECT_LT(*in_use, *limit) << "node_exporter holds " << (*in_use >> 20) << " MiB, over the limit of " << (*limit >> 20) << " MiB";
  RecordProperty("memory_mib", std::to_string(*in_use >> 20));
  EXPECT_TRUE(exporter.running()) << exporter.how_it_ended() << "\n" << exporter.log();
}

}  // namespace
}  // namespace bg::testing
