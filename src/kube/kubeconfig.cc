#include "kube/kubeconfig.h"

#include "common/base64.h"

#include <openssl/evp.h>

#include <cstdlib>
#include <map>
#include <memory>

#include "yaml/loader.h"

namespace bg::kube {
namespace {

struct Named {
  std::string file;
  const yaml::Node* body = nullptr;  // the "cluster:", "user:" or "context:" mapping
  const yaml::Node* entry = nullptr;
};

SourceLocation at(const std::string& file, const yaml::Node* n) {
  return n ? SourceLocation{file, n->mark.line, n->mark.col} : SourceLocation{file, 0, 0};
}

std::string text_of(const yaml::Node* map, const char* key) {
  const yaml::Node* n = map ? map->find(key) : nullptr;
  return n && n->is_scalar() ? n->text : "";
}

// kubeconfig *-data fields may wrap their base64 over several lines.
std::optional<std::string> unbase64(std::string in) {
  std::erase_if(in, [](char c) { return c == '\n' || c == '\r' || c == ' '; });
  return base64_decode(in);
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string resolve(const std::string& file, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return dir_of(file) + "/" + path;
}

class Loader {
 public:
  Loader(const KubeconfigOptions& o, FileSystem& fs, KubeconfigResult& r) : opts_(o), fs_(fs), r_(r) {}

  void run() {
    std::vector<std::string> files;
    bool explicit_file = !opts_.kubeconfig_flag.empty();
    if (explicit_file) {
      files.push_back(opts_.kubeconfig_flag);
    } else if (!opts_.kubeconfig_env.empty()) {
      std::string cur;
      for (char c : opts_.kubeconfig_env + ":") {
        if (c != ':') {
          cur += c;
        } else if (!cur.empty()) {
          files.push_back(cur);
          cur.clear();
        }
      }
    } else if (!opts_.home.empty()) {
      files.push_back(opts_.home + "/.kube/config");
    }
    for (const std::string& f : files) {
      if (!fs_.exists(f)) {
        if (explicit_file) r_.diagnostics.error({f, 0, 0}, "the kubeconfig file does not exist",
                                                "check the path given to --kubeconfig");
        continue;
      }
      read(f);
    }
    if (r_.diagnostics.has_errors()) return;
    if (read_any_) {
      resolve_context();
    } else if (!files.empty() && !opts_.kubeconfig_env.empty() && opts_.service_host.empty()) {
      // Say where we looked: KUBECONFIG is set, so the user meant those files.
      r_.diagnostics.error({files.front(), 0, 0},
                           "no Kubernetes configuration found: KUBECONFIG=" + opts_.kubeconfig_env +
                               " names no file that exists",
                           "point KUBECONFIG at a kubeconfig file, or pass --kubeconfig");
    } else {
      in_cluster();
    }
  }

 private:
  void read(const std::string& file) {
    auto text = fs_.read(file);
    if (!text) {
      r_.diagnostics.error({file, 0, 0}, text.status().message(), text.status().hint());
      return;
    }
    r_.sources[file] = *text;
    yaml::LoadResult loaded = yaml::load(*text, file);
    r_.diagnostics.append(loaded.diagnostics);
    if (loaded.diagnostics.has_errors()) return;
    read_any_ = true;
    for (yaml::Document& d : loaded.documents) docs_.push_back(std::make_unique<yaml::Document>(std::move(d)));
    if (loaded.documents.empty()) return;
    const yaml::Node& root = docs_.back()->root;
    if (!root.is_map()) {
      r_.diagnostics.error(at(file, &root), "a kubeconfig must be a mapping (apiVersion, kind, clusters, ...)");
      return;
    }
    collect(file, root, "clusters", "cluster", clusters_);
    collect(file, root, "users", "user", users_);
    collect(file, root, "contexts", "context", contexts_);
    if (current_.empty() && !text_of(&root, "current-context").empty()) {
      current_ = text_of(&root, "current-context");
      current_file_ = file;
      current_node_ = root.find("current-context");
    }
  }

  void collect(const std::string& file, const yaml::Node& root, const char* list, const char* body,
               std::map<std::string, Named>& into) {
    const yaml::Node* l = root.find(list);
    if (!l || l->kind == yaml::NodeKind::kNull) return;
    if (!l->is_seq()) {
      r_.diagnostics.error(at(file, l), std::string("\"") + list + "\" must be a list of named entries");
      return;
    }
    for (const yaml::Node& e : l->items) {
      std::string name = text_of(&e, "name");
      if (!e.is_map() || name.empty()) {
        r_.diagnostics.error(at(file, &e), std::string("an entry of \"") + list + "\" has no name",
                             std::string("every entry needs name: and ") + body + ":");
        continue;
      }
      into.emplace(name, Named{file, e.find(body), &e});  // the first file to name an entry wins
    }
  }

  // The named entry, or a located error (with "did you mean") at `ref`.
  const Named* lookup(std::map<std::string, Named>& in, const std::string& name, const char* what,
                      const std::string& ref_file, const yaml::Node* ref) {
    auto it = in.find(name);
    if (it != in.end()) return &it->second;
    std::vector<std::string> names;
    for (const auto& [n, _] : in) names.push_back(n);
    std::string close = closest_match(name, names);
    r_.diagnostics.error(at(ref_file, ref), std::string(what) + " \"" + name + "\" is not defined",
                         close.empty() ? std::string("define it under ") + what + "s:"
                                       : "did you mean \"" + close + "\"?");
    return nullptr;
  }

  // A PEM from X-data (base64) or X (a file), either may be set.
  std::string pem(const Named& n, const char* data_key, const char* file_key) {
    const yaml::Node* data = n.body ? n.body->find(data_key) : nullptr;
    if (data && !data->text.empty()) {
      auto decoded = unbase64(data->text);
      if (!decoded) {
        r_.diagnostics.error(at(n.file, data), std::string(data_key) + " is not valid base64",
                             "paste the output of `base64 -w0` of the PEM file");
        return "";
      }
      return *decoded;
    }
    const yaml::Node* file = n.body ? n.body->find(file_key) : nullptr;
    if (file && !file->text.empty()) {
      auto text = fs_.read(resolve(n.file, file->text));
      if (!text) {
        r_.diagnostics.error(at(n.file, file), "cannot read " + resolve(n.file, file->text),
                             "the path is relative to the kubeconfig file");
        return "";
      }
      return *text;
    }
    return "";
  }

  void resolve_context() {
    ClientConfig c;
    std::string name = opts_.context.empty() ? current_ : opts_.context;
    if (name.empty()) {
      r_.diagnostics.error({docs_.empty() ? "" : current_file_, 0, 0}, "no context is chosen",
                           "set current-context in the kubeconfig or pass --context");
      return;
    }
    const Named* ctx = opts_.context.empty() ? lookup(contexts_, name, "context", current_file_, current_node_)
                                             : lookup(contexts_, name, "context", "--context", nullptr);
    if (!ctx) return;
    c.context = name;
    const yaml::Node* cluster_ref = ctx->body ? ctx->body->find("cluster") : nullptr;
    const yaml::Node* user_ref = ctx->body ? ctx->body->find("user") : nullptr;
    if (!cluster_ref || cluster_ref->text.empty()) {
      r_.diagnostics.error(at(ctx->file, ctx->body ? ctx->body : ctx->entry), "context \"" + name + "\" names no cluster");
      return;
    }
    const Named* cluster = lookup(clusters_, cluster_ref->text, "cluster", ctx->file, cluster_ref);
    const Named* user = user_ref && !user_ref->text.empty() ? lookup(users_, user_ref->text, "user", ctx->file, user_ref)
                                                            : nullptr;
    if (!cluster) return;
    c.server = text_of(cluster->body, "server");
    if (c.server.empty())
      r_.diagnostics.error(at(cluster->file, cluster->body ? cluster->body : cluster->entry),
                           "cluster \"" + cluster_ref->text + "\" has no server", "add server: https://HOST:PORT");
    c.ca_pem = pem(*cluster, "certificate-authority-data", "certificate-authority");
    c.insecure_skip_tls_verify = text_of(cluster->body, "insecure-skip-tls-verify") == "true";
    c.tls_server_name = text_of(cluster->body, "tls-server-name");
    if (user) {
      c.client_cert_pem = pem(*user, "client-certificate-data", "client-certificate");
      c.client_key_pem = pem(*user, "client-key-data", "client-key");
      if (c.client_cert_pem.empty() != c.client_key_pem.empty())
        r_.diagnostics.error(at(user->file, user->body), "user \"" + user_ref->text +
                             "\" has a client certificate or a client key but not both");
      c.token = text_of(user->body, "token");
      c.token_file = resolve(user->file, text_of(user->body, "tokenFile"));
      if (const yaml::Node* exec = user->body ? user->body->find("exec") : nullptr) read_exec(*user, *exec, c);
    }
    if (!opts_.namespace_name.empty()) {
      c.namespace_name = opts_.namespace_name;
    } else if (!text_of(ctx->body, "namespace").empty()) {
      c.namespace_name = text_of(ctx->body, "namespace");
    }
    if (!r_.diagnostics.has_errors()) r_.config = std::move(c);
  }

  void read_exec(const Named& user, const yaml::Node& exec, ClientConfig& c) {
    ExecConfig e;
    e.api_version = text_of(&exec, "apiVersion");
    e.command = text_of(&exec, "command");
    if (e.command.empty()) {
      r_.diagnostics.error(at(user.file, &exec), "exec has no command");
      return;
    }
    if (e.api_version != "client.authentication.k8s.io/v1" && e.api_version != "client.authentication.k8s.io/v1beta1")
      r_.diagnostics.error(at(user.file, exec.find("apiVersion") ? exec.find("apiVersion") : &exec),
                           "exec apiVersion must be client.authentication.k8s.io/v1 or v1beta1");
    if (e.command.find('/') != std::string::npos) e.command = resolve(user.file, e.command);
    if (const yaml::Node* args = exec.find("args"); args && args->is_seq())
      for (const yaml::Node& a : args->items) e.args.push_back(a.text);
    if (const yaml::Node* env = exec.find("env"); env && env->is_seq())
      for (const yaml::Node& v : env->items) e.env.push_back({text_of(&v, "name"), text_of(&v, "value")});
    e.provide_cluster_info = text_of(&exec, "provideClusterInfo") == "true";
    e.install_hint = text_of(&exec, "installHint");
    c.exec = std::move(e);
  }

  void in_cluster() {
    if (opts_.service_host.empty()) {
      r_.diagnostics.error({}, "no Kubernetes configuration found",
                           "pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run inside a cluster");
      return;
    }
    ClientConfig c;
    std::string host = opts_.service_host.find(':') != std::string::npos ? "[" + opts_.service_host + "]"
                                                                         : opts_.service_host;
    c.server = "https://" + host + ":" + (opts_.service_port.empty() ? "443" : opts_.service_port);
    c.token_file = opts_.service_account_dir + "/token";
    auto ca = fs_.read(opts_.service_account_dir + "/ca.crt");
    if (!ca) {
      r_.diagnostics.error({opts_.service_account_dir + "/ca.crt", 0, 0},
                           "in-cluster configuration lacks the service account CA");
      return;
    }
    c.ca_pem = *ca;
    if (!fs_.exists(c.token_file)) {
      r_.diagnostics.error({c.token_file, 0, 0}, "in-cluster configuration lacks the service account token");
      return;
    }
    auto ns = fs_.read(opts_.service_account_dir + "/namespace");
    if (ns && !ns->empty()) c.namespace_name = ns->substr(0, ns->find_last_not_of("\n") + 1);
    if (!opts_.namespace_name.empty()) c.namespace_name = opts_.namespace_name;
    r_.config = std::move(c);
  }

  const KubeconfigOptions& opts_;
  FileSystem& fs_;
  KubeconfigResult& r_;
  std::vector<std::unique_ptr<yaml::Document>> docs_;
  std::map<std::string, Named> clusters_, users_, contexts_;
  std::string current_, current_file_;
  const yaml::Node* current_node_ = nullptr;
  bool read_any_ = false;
};

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

KubeconfigOptions options_from_environment() {
  KubeconfigOptions o;
  o.kubeconfig_env = env("KUBECONFIG");
  o.home = env("HOME");
  o.service_host = env("KUBERNETES_SERVICE_HOST");
  o.service_port = env("KUBERNETES_SERVICE_PORT");
  return o;
}

KubeconfigResult load_client_config(const KubeconfigOptions& options, FileSystem& fs) {
  KubeconfigResult r;
  Loader(options, fs, r).run();
  if (r.diagnostics.has_errors()) r.config.reset();
  return r;
}

}  // namespace bg::kube
