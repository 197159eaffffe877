#include "nodes/ssh_host.h"

#include <libssh/libssh.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "nodes/step.h"

namespace bg::nodes {

std::string default_known_hosts() {
  const char* home = std::getenv("HOME");
  std::string h = home && *home ? home : "";
  if (h.empty())
    if (passwd* pw = getpwuid(getuid())) h = pw->pw_dir;
  return h + "/.ssh/known_hosts";
}

namespace {

std::string fingerprint(ssh_session s) {
  ssh_key key = nullptr;
  if (ssh_get_server_publickey(s, &key) != SSH_OK) return "unknown";
  unsigned char* hash = nullptr;
  size_t len = 0;
  std::string out = "unknown";
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) == 0) {
    if (char* fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len)) {
      out = fp;
      ssh_string_free_char(fp);
    }
    ssh_clean_pubkey_hash(&hash);
  }
  std::string type = ssh_key_type_to_char(ssh_key_type(key)) ? ssh_key_type_to_char(ssh_key_type(key)) : "";
  ssh_key_free(key);
  return type.empty() ? out : type + " " + out;
}

class SshHost : public RemoteHost {
 public:
  SshHost(ssh_session s, bool sudo) : session_(s), sudo_(sudo) {}
  ~SshHost() override {
    ssh_disconnect(session_);
    ssh_free(session_);
  }

  Result<CommandOutput> run(const std::string& command) override { return exec(command, nullptr); }

  Status upload(const std::string& path, const std::string& content, int mode) override {
    char m[8];
    std::snprintf(m, sizeof m, "%04o", mode);
    std::string tmp = path + ".betelgeuse-upload";
    std::string cmd = "umask 077 && mkdir -p \"$(dirname " + shell_quote(path) + ")\" && cat > " + shell_quote(tmp) +
                      " && chmod " + m + " " + shell_quote(tmp) + " && mv -f " + shell_quote(tmp) + " " + shell_quote(path);
    Result<CommandOutput> r = exec(cmd, &content);
    if (!r) return r.status();
    if (r->exit_status != 0) return Status::terminal(r->err.empty() ? "exit status " + std::to_string(r->exit_status) : r->err);
    return Status::ok();
  }

 private:
  Status error(const std::string& what) { return Status::transient(what + ": " + ssh_get_error(session_)); }

  Result<CommandOutput> exec(const std::string& command, const std::string* input) {
    std::string wrapped = (sudo_ ? "sudo -n sh -c " : "sh -c ") + shell_quote(command);
    ssh_channel ch = ssh_channel_new(session_);
    if (!ch) return error("cannot open an SSH channel");
    struct Closer {
      ssh_channel ch;
      ~Closer() {
        ssh_channel_close(ch);
        ssh_channel_free(ch);
      }
    } closer{ch};
    if (ssh_channel_open_session(ch) != SSH_OK) return error("cannot open an SSH session channel");
    if (ssh_channel_request_exec(ch, wrapped.c_str()) != SSH_OK) return error("cannot start the command");
    if (input) {
      std::size_t done = 0;
      while (done < input->size()) {
        int n = ssh_channel_write(ch, input->data() + done, static_cast<uint32_t>(input->size() - done));
        if (n == SSH_ERROR) return error("cannot send the file");
        done += static_cast<std::size_t>(n);
      }
    }
    ssh_channel_send_eof(ch);
    CommandOutput out;
    char buf[16384];
    // Block (briefly) on stdout, then drain whatever stderr libssh has buffered meanwhile; both
    // return SSH_EOF once the remote side has closed its end and the buffers are empty.
    for (;;) {
      int n = ssh_channel_read_timeout(ch, buf, sizeof buf, 0, 100);
      if (n == SSH_ERROR) return error("the connection broke while the command ran");
      if (n > 0) out.out.append(buf, static_cast<std::size_t>(n));
      int e = ssh_channel_read_nonblocking(ch, buf, sizeof buf, 1);
      if (e == SSH_ERROR) return error("the connection broke while the command ran");
      if (e > 0) out.err.append(buf, static_cast<std::size_t>(e));
      if (n <= 0 && e <= 0 && ssh_channel_is_eof(ch)) break;
    }
    out.exit_status = ssh_channel_get_exit_status(ch);
    return out;
  }

  ssh_session session_;
  bool sudo_;
};

}  // namespace

SshConnector::SshConnector(SshOptions options) : options_(std::move(options)) {
  if (options_.known_hosts.empty()) options_.known_hosts = default_known_hosts();
  ssh_init();
}

Result<std::unique_ptr<RemoteHost>> SshConnector::connect(const Target& t) {
  ssh_session s = ssh_new();
  if (!s) return Status::terminal("cannot create an SSH session");
  auto fail = [&](Status st) -> Result<std::unique_ptr<RemoteHost>> {
    ssh_disconnect(s);
    ssh_free(s);
    return st;
  };
  unsigned int port = static_cast<unsigned int>(t.port);
  long timeout = options_.timeout_seconds;
  int no = 0;
  ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
  if (ssh_options_set(s, SSH_OPTIONS_HOST, t.address.c_str()) != SSH_OK ||
      ssh_options_set(s, SSH_OPTIONS_PORT, &port) != SSH_OK || ssh_options_set(s, SSH_OPTIONS_USER, t.user.c_str()) != SSH_OK ||
      ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, options_.known_hosts.c_str()) != SSH_OK ||
      ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") != SSH_OK ||
      ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout) != SSH_OK)
    return fail(Status::terminal(std::string("invalid SSH options: ") + ssh_get_error(s)));
  if (ssh_connect(s) != SSH_OK)
    return fail(Status::transient("cannot connect to " + t.str() + ": " + ssh_get_error(s)));

  std::string where = t.port == 22 ? t.address : "[" + t.address + "]:" + std::to_string(t.port);
  switch (ssh_session_is_known_server(s)) {
    case SSH_KNOWN_HOSTS_OK:
      break;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
      return fail(Status::terminal("the host key of " + where + " has changed (it now presents " + fingerprint(s) +
                                   "); refusing to connect. If the machine was reinstalled, verify the new key, then "
                                   "remove the old one: ssh-keygen -R '" + where + "' -f " + options_.known_hosts));
    case SSH_KNOWN_HOSTS_NOT_FOUND:
    case SSH_KNOWN_HOSTS_UNKNOWN:
      if (!options_.accept_new_host_keys)
        return fail(Status::terminal("the host key of " + where + " (" + fingerprint(s) + ") is not in " +
                                     options_.known_hosts + "; verify it, then add it (ssh-keyscan) or pass "
                                     "--accept-new-host-keys"));
      if (ssh_session_update_known_hosts(s) != SSH_OK)
        return fail(Status::terminal("cannot record the host key of " + where + " in " + options_.known_hosts + ": " +
                                     ssh_get_error(s)));
      break;
    case SSH_KNOWN_HOSTS_ERROR:
    default:
      return fail(Status::terminal("cannot check the host key of " + where + " against " + options_.known_hosts + ": " +
                                   ssh_get_error(s)));
  }

  int rc = SSH_AUTH_DENIED;
  if (!options_.identity_file.empty()) {
    ssh_key key = nullptr;
    if (ssh_pki_import_privkey_file(options_.identity_file.c_str(), nullptr, nullptr, nullptr, &key) != SSH_OK)
      return fail(Status::terminal("cannot read the SSH key " + options_.identity_file +
                                   " (an encrypted key must be loaded into ssh-agent instead)"));
    rc = ssh_userauth_publickey(s, nullptr, key);
    ssh_key_free(key);
  } else {
    rc = ssh_userauth_publickey_auto(s, nullptr, nullptr);
  }
  if (rc != SSH_AUTH_SUCCESS)
    return fail(Status::terminal("SSH authentication as " + t.user + " on " + where + " failed: " +
                                 (options_.identity_file.empty() ? "no key from the agent or ~/.ssh was accepted"
                                                                 : "the key " + options_.identity_file + " was not accepted")));
  return std::unique_ptr<RemoteHost>(new SshHost(s, options_.sudo));
}

}  // namespace bg::nodes
