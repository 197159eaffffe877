#include "nodes/state.h"

#include "common/filesystem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "k8s/json_view.h"

namespace bg::nodes {

namespace fs = std::filesystem;
using Json = nlohmann::json;

bool operator==(const NodesState& a, const NodesState& b) { return serialize_state(a) == serialize_state(b); }

std::string default_state_path(const std::string& spec_path) {
  fs::path dir = fs::path(spec_path).parent_path();
  return ((dir.empty() ? fs::path(".") : dir) / ".betelgeuse" / "nodes-state.json").string();
}

std::string serialize_state(const NodesState& state) {
  Json j = Json::object();
  j["version"] = kStateVersion;
  const ClusterState& c = state.cluster;
  j["cluster"] = {{"bootstrapToken", c.bootstrap_token.reveal()},
                  {"certificateKey", c.certificate_key.reveal()},
                  {"caCert", c.ca_cert_pem},
                  {"caKey", c.ca_key_pem.reveal()}};
  j["nodes"] = Json::object();
  for (const auto& [name, n] : state.nodes) {
    j["nodes"][name] = {{"privateKey", n.private_key.reveal()},
                        {"publicKey", n.public_key},
                        {"meshAddress", n.mesh_address},
                        {"podCIDR", n.pod_cidr}};
  }
  return j.dump(2) + "\n";
}

Result<NodesState> parse_state(const std::string& text, const std::string& path) {
  Json j = Json::parse(text, nullptr, false);
  auto bad = [&](const std::string& why) {
    return Status::terminal(path + ": " + why +
                            "; the nodes state file holds the mesh keys and the cluster CA, so it is never "
                            "replaced automatically — restore it from a backup, or move it away to start over");
  };
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  k8s::JsonView state(j);
  if (state["version"].integer() != kStateVersion)
    return bad("unknown version (want " + std::to_string(kStateVersion) + ")");
  NodesState s;
  if (state.has("cluster")) {
    k8s::JsonView c = state["cluster"];
    if (!c.is_object()) return bad("\"cluster\" is not an object");
    s.cluster.bootstrap_token = Secret(c["bootstrapToken"].str());
    s.cluster.certificate_key = Secret(c["certificateKey"].str());
    s.cluster.ca_cert_pem = c["caCert"].str();
    s.cluster.ca_key_pem = Secret(c["caKey"].str());
  }
  if (state.has("nodes")) {
    if (!state["nodes"].is_object()) return bad("\"nodes\" is not an object");
    for (auto [name, n] : state["nodes"].members()) {
      if (!n.is_object()) return bad("node \"" + std::string(name) + "\" is not an object");
      s.nodes[std::string(name)] = {Secret(n["privateKey"].str()), n["publicKey"].str(), n["meshAddress"].str(),
                                    n["podCIDR"].str()};
    }
  }
  return s;
}

platform::Recorded recorded_of(const NodesState& state) {
  platform::Recorded r;
  for (const auto& [name, n] : state.nodes) r.mesh_addresses[name] = n.mesh_address;
  return r;
}

Result<NodesState> load_state(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return NodesState{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::terminal("cannot read " + path + ": " + std::strerror(errno)).with_hint("check the file's permissions");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_state(text.str(), path);
}

Status save_state(const std::string& path, const NodesState& state) {
  fs::path p(path);
  std::error_code ec;
  if (!p.parent_path().empty() && !fs::exists(p.parent_path(), ec)) {
    fs::create_directories(p.parent_path(), ec);
    if (ec) {
      return Status::terminal("cannot create the folder " + p.parent_path().string() + ": " + ec.message())
          .with_hint("check the folder's permissions, or choose another path with --state");
    }
    ::chmod(p.parent_path().c_str(), 0700);
  }
  return write_file_atomically(path, serialize_state(state), 0600, /*exact_mode=*/true);
}

}  // namespace bg::nodes
