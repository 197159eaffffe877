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
  if (j.value("version", 0) != kStateVersion) return bad("unknown version (want " + std::to_string(kStateVersion) + ")");
  auto str = [](const Json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  NodesState s;
  if (j.contains("cluster")) {
    if (!j["cluster"].is_object()) return bad("\"cluster\" is not an object");
    const Json& c = j["cluster"];
    s.cluster.bootstrap_token = Secret(str(c, "bootstrapToken"));
    s.cluster.certificate_key = Secret(str(c, "certificateKey"));
    s.cluster.ca_cert_pem = str(c, "caCert");
    s.cluster.ca_key_pem = Secret(str(c, "caKey"));
  }
  if (j.contains("nodes")) {
    if (!j["nodes"].is_object()) return bad("\"nodes\" is not an object");
    for (const auto& [name, n] : j["nodes"].items()) {
      if (!n.is_object()) return bad("node \"" + name + "\" is not an object");
      s.nodes[name] = {Secret(str(n, "privateKey")), str(n, "publicKey"), str(n, "meshAddress"), str(n, "podCIDR")};
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
