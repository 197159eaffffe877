#include "testing/contract_pod.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "testing/contract_programs.h"
#include "testing/fixtures.h"

namespace bg::testing {

using manifest::Json;

namespace {

std::string str(const Json& j, const char* key, const std::string& fallback = {}) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

int seconds_of(const Json& probe, const char* key, int fallback) {
  return probe.is_object() && probe.contains(key) && probe[key].is_number_integer() ? probe[key].get<int>() : fallback;
}

std::string tail(const std::string& text, std::size_t max = 4000) {
  return text.size() <= max ? text : "…" + text.substr(text.size() - max);
}

}  // namespace

std::string pod_hosts_file(const ClusterFacts& facts, const ContainerView& view, const PodPlacement& placement,
                           const std::vector<std::string>& extra) {
  // The kubelet's managed hosts file.
  std::string out = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
  out += placement.pod_ip + "\t" + placement.pod_name + "\n";
  // The cluster DNS answers for Services, written down instead.
  for (auto& [key, ip] : facts.service_ips) {
    const std::string ns = key.substr(0, key.find('/')), name = key.substr(key.find('/') + 1);
    out += ip + "\t" + name + "." + ns + ".svc.cluster.local " + name + "." + ns + ".svc " + name + "." + ns;
    if (ns == view.ns) out += " " + name;
    out += "\n";
  }
  out += facts.kubernetes_service_ip + "\tkubernetes.default.svc.cluster.local kubernetes.default.svc kubernetes.default\n";
  for (const std::string& line : extra) out += line + "\n";
  return out;
}

std::string pod_resolv_conf(const std::string& ns) {
  return "search " + ns + ".svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";
}

ContractPod::ContractPod(PodNetwork& net, const ClusterFacts& facts, Json workload, PodPlacement placement,
                         std::string container, ContainerImage image)
    : net_(net), facts_(facts), workload_(std::move(workload)), placement_(std::move(placement)),
      container_(std::move(container)), image_(std::move(image)) {}

ContractPod::~ContractPod() { process_.stop(); }

Result<std::vector<std::string>> ContractPod::sandbox_args() const {
  auto args = bwrap_args(view_, image_, layout_, HostTree::real());
  if (!args) return args.status();
  std::vector<std::string> argv = net_.enter();
  argv.push_back("bwrap");
  argv.insert(argv.end(), args->begin(), args->end());
  argv.push_back("--");
  return argv;
}

Status ContractPod::start(const std::map<std::string, std::string>& storage, const std::vector<std::string>& extra_hosts) {
  if (!on_path("bwrap")) return Status::terminal("bwrap is missing: run scripts/setup.sh (Debian's bubblewrap)");
  auto view = kubelet_view(facts_, workload_, placement_, container_);
  if (!view) return view.status();
  view_ = std::move(*view);
  argv_ = container_argv(view_, image_);
  if (argv_.empty()) return Status::terminal("container " + container_ + " has no command and the image no entrypoint");
  auto layout = lay_out(view_, dir_.path(), storage, pod_hosts_file(facts_, view_, placement_, extra_hosts),
                        pod_resolv_conf(view_.ns));
  if (!layout) return layout.status();
  layout_ = std::move(*layout);
  for (const std::string& folder : image_.writable_dirs) {
    const std::string here = dir_ / ("image" + folder);
    std::error_code ec;
    std::filesystem::create_directories(here, ec);
    if (ec) return Status::terminal("cannot make " + here + ": " + ec.message());
    layout_.binds.push_back({here, folder, false});
  }
  for (const auto& [folder, host] : image_.copied_dirs) {
    const std::string here = dir_ / ("image" + folder);
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(here).parent_path(), ec);
    if (!ec) std::filesystem::copy(host, here, std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks, ec);
    if (ec) return Status::terminal("cannot copy " + host + " to " + here + ": " + ec.message());
    layout_.binds.push_back({here, folder, false});
  }
  // After the copied folders: a file of the image may stand inside one of them.
  for (const auto& [container_path, host_file] : image_.files) layout_.binds.push_back({host_file, container_path, true});
  // The tests' own stand-ins and clients (testing/contract/) run from the checkout, and the programs
  // from the tools' cache, but a container's /tmp is its own: either one under /tmp (a fresh clone,
  // as CI makes; a cache below a HOME in /tmp, as a cold run makes) is bound back in, read-only.
  const std::string checkout = std::filesystem::path(source_path("")).lexically_normal().parent_path();
  const std::string cache = std::filesystem::path(tools_cache()).lexically_normal();
  for (const std::string& host : {checkout, cache})
    if (host.rfind("/tmp/", 0) == 0) layout_.binds.push_back({host, host, true});
  for (auto [file, lines] : {std::pair{"passwd", &image_.passwd}, std::pair{"group", &image_.group}}) {
    if (lines->empty() && !image_.only_image_accounts) continue;
    const std::string here = dir_ / (std::string("image-") + file);
    const std::string host = image_.only_image_accounts ? "" : read_file(std::string("/etc/") + file);
    std::ofstream(here) << merge_accounts(host, *lines);
    layout_.binds.push_back({here, std::string("/etc/") + file, true});
  }
  // The program standing for the entrypoint stays visible wherever the test keeps it, unless it is
  // the image's own, in a folder copied from the image.
  if (!image_.entrypoint.empty()) {
    const std::string& program = image_.entrypoint.front();
    const std::size_t slash = program.rfind('/');
    bool in_image = false;
    for (const auto& [folder, _] : image_.copied_dirs) in_image = in_image || program.rfind(folder + "/", 0) == 0;
    if (slash != std::string::npos && slash > 0 && !in_image)
      layout_.binds.push_back({program.substr(0, slash), program.substr(0, slash), true});
  }
  if (Status s = net_.add_address(placement_.pod_ip); !s) return s;
  for (auto& [_, ip] : facts_.service_ips)
    if (Status s = net_.add_service_address(ip); !s) return s;
  if (Status s = net_.add_address(facts_.kubernetes_service_ip); !s) return s;
  auto argv = sandbox_args();
  if (!argv) return argv.status();
  argv->insert(argv->end(), argv_.begin(), argv_.end());
  return process_.start(*argv, dir_ / "container.log");
}

Status ContractPod::probe_once(const Json& probe) {
  const auto timeout = std::chrono::seconds(seconds_of(probe, "timeoutSeconds", 1));
  auto port_of = [&](const Json& handler) -> Result<int> {
    const Json& port = handler.contains("port") ? handler["port"] : Json();
    if (port.is_number_integer()) return port.get<int>();
    auto it = view_.named_ports.find(port.is_string() ? port.get<std::string>() : "");
    if (it == view_.named_ports.end()) return Status::terminal("probe port " + port.dump() + " names no container port");
    return it->second;
  };
  if (probe.contains("httpGet")) {
    const Json& h = probe["httpGet"];
    auto port = port_of(h);
    if (!port) return port.status();
    const std::string url = lower_scheme(str(h, "scheme", "HTTP")) + "://" + str(h, "host", placement_.pod_ip) + ":" +
                            std::to_string(*port) + str(h, "path", "/");
    std::vector<std::string> headers = {"User-Agent: kube-probe/1.36", "Accept: */*"};
    for (const Json& header : h.value("httpHeaders", Json::array())) headers.push_back(str(header, "name") + ": " + str(header, "value"));
    auto answer = net_.http_get(url, timeout, headers);
    if (!answer) return answer.status();
    if (answer->status >= 200 && answer->status < 400) return Status::ok();
    return Status::transient("GET " + url + ": HTTP " + std::to_string(answer->status) + ": " + tail(answer->body, 300));
  }
  if (probe.contains("tcpSocket")) {
    auto port = port_of(probe["tcpSocket"]);
    if (!port) return port.status();
    auto fd = net_.connect(str(probe["tcpSocket"], "host", placement_.pod_ip), *port, timeout);
    if (!fd) return fd.status();
    close(*fd);
    return Status::ok();
  }
  if (probe.contains("exec")) {
    std::vector<std::string> command;
    for (const Json& a : probe["exec"].value("command", Json::array())) command.push_back(a.get<std::string>());
    auto run = exec(command, timeout);
    if (!run) return run.status();
    if (run->exit_code == 0) return Status::ok();
    return Status::transient("exec probe exited " + std::to_string(run->exit_code) + ": " + tail(run->out + run->err, 300));
  }
  return Status::terminal("probe " + probe.dump() + " is not modelled by the contract-test harness");
}

std::string ContractPod::lower_scheme(const std::string& scheme) { return scheme == "HTTPS" ? "https" : "http"; }

Status ContractPod::wait_ready(std::chrono::milliseconds deadline) {
  const Json& probe = view_.readiness_probe;
  if (!probe.is_object()) return Status::terminal("container " + container_ + " has no readiness probe");
  // initialDelaySeconds and periodSeconds only delay readiness, never change whether it comes:
  // the harness probes every half second from the start, so a test waits no longer than it must.
  const auto end = std::chrono::steady_clock::now() + deadline;
  Status last = Status::transient("not probed yet");
  while (std::chrono::steady_clock::now() < end) {
    if (!process_.running())
      return Status::terminal("container " + container_ + " " + process_.how_it_ended() + " before it was ready; its log:\n" +
                              tail(process_.log()));
    last = probe_once(probe);
    if (last) return Status::ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return Status::terminal("container " + container_ + " not ready after " + std::to_string(deadline.count()) +
                          " ms; last probe: " + last.message() + "; its log:\n" + tail(process_.log()));
}

Result<int> ContractPod::wait_exit(std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  while (process_.running() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  if (process_.running())
    return Status::terminal("container " + container_ + " still running after " + std::to_string(deadline.count()) +
                            " ms; its log:\n" + tail(process_.log()));
  const int st = process_.exit_status();
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

Result<ProcessResult> ContractPod::exec(const std::vector<std::string>& command, std::chrono::milliseconds timeout) {
  auto argv = sandbox_args();
  if (!argv) return argv.status();
  argv->insert(argv->end(), command.begin(), command.end());
  BackgroundProcess p;
  const std::string log = dir_ / ("exec-" + std::to_string(++execs_) + ".log");
  if (Status s = p.start(*argv, log); !s) return s;
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (p.running() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (p.running()) {
    p.stop(std::chrono::milliseconds(0));
    return Status::transient("exec " + command.front() + ": timed out after " + std::to_string(timeout.count()) + " ms");
  }
  ProcessResult r;
  r.exit_code = WIFEXITED(p.exit_status()) ? WEXITSTATUS(p.exit_status()) : 128 + WTERMSIG(p.exit_status());
  r.out = p.log();  // stdout and stderr together
  return r;
}

}  // namespace bg::testing
