#include "nodes/step.h"

#include <openssl/sha.h>

#include <cstdio>

namespace bg::nodes {

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Step upload_step(std::string phase, std::string host, std::string name, std::string path, std::string content,
                 int mode, std::string then) {
  Step s;
  s.phase = std::move(phase);
  s.host = std::move(host);
  s.name = std::move(name);
  s.check = "test \"$(sha256sum " + shell_quote(path) + " 2>/dev/null | cut -d' ' -f1)\" = " + sha256_hex(content);
  s.command = std::move(then);
  s.upload = FileUpload{std::move(path), std::move(content), mode};
  return s;
}

Step require_step(std::string phase, std::string host, std::string name, std::string condition, std::string reason) {
  Step s;
  s.phase = std::move(phase);
  s.host = std::move(host);
  s.name = std::move(name);
  s.check = std::move(condition);
  s.command = "echo " + shell_quote(reason) + " >&2; exit 1";
  return s;
}

std::string shell_script(const std::string& title, const std::vector<Step>& steps) {
  std::string out = "#!/bin/sh\n# " + title + "\n# Each step is skipped when its check passes, so running this again is safe.\nset -eu\n";
  for (const Step& s : steps) {
    out += "\n# " + s.phase + ": " + s.name + "\n";
    std::string body;
    if (s.upload) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", s.upload->mode);
      std::string dir = s.upload->path.substr(0, s.upload->path.rfind('/'));
      std::string content = s.upload->content;
      if (!content.empty() && content.back() != '\n') content += '\n';
      body += "  mkdir -p " + shell_quote(dir.empty() ? "/" : dir) + "\n";
      body += "  (umask 077; cat > " + shell_quote(s.upload->path) + " <<'BETELGEUSE_EOF'\n" + content +
              "BETELGEUSE_EOF\n  )\n";
      body += "  chmod " + std::string(mode) + " " + shell_quote(s.upload->path) + "\n";
    }
    if (!s.command.empty()) body += "  " + s.command + "\n";
    if (body.empty()) continue;
    if (s.check.empty()) out += "{\n" + body + "}\n";
    else out += "if ! { " + s.check + "; } >/dev/null 2>&1; then\n" + body + "fi\n";
  }
  return out;
}

}  // namespace bg::nodes
