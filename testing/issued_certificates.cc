#include "testing/issued_certificates.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

#include "common/base64.h"
#include "common/process.h"

namespace bg::testing {

using manifest::Json;

namespace {

Status openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto run = run_process(argv);
  if (!run) return run.status();
  if (run->exit_code != 0) return Status::terminal("openssl " + args.front() + ": " + run->err);
  return Status::ok();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<TestCa> test_ca() {
  static std::mutex mu;
  static std::optional<Result<TestCa>> made;
  std::lock_guard<std::mutex> lock(mu);
  if (made) return *made;
  char tmpl[] = "/tmp/bg-test-ca-XXXXXX";
  if (!mkdtemp(tmpl)) return Status::terminal("cannot make a folder for the test CA");
  TestCa ca{tmpl, std::string(tmpl) + "/ca.crt", std::string(tmpl) + "/ca.key"};
  Status s = openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", ca.key_file,
                      "-out", ca.cert_file, "-days", "2", "-subj", "/CN=betelgeuse contract-test CA",
                      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
  made = s ? Result<TestCa>(ca) : Result<TestCa>(s);
  return *made;
}

namespace {

// Where a Certificate's issuer signs with: the test CA for a ClusterIssuer (Let's Encrypt in a
// cluster), the certificate itself for a self-signed Issuer, the CA Secret's pair for a CA Issuer
// (known once that Secret is issued: nullopt until then). The result names its files.
struct Signer {
  bool self_signed = false;
  std::string cert_file, key_file;
};

std::optional<Result<Signer>> signer_of(const std::vector<Json>& objects, const Json& cert,
                                        const std::map<std::string, Signer>& issued) {
  const std::string ns = cert["metadata"].value("namespace", "");
  const Json ref = cert["spec"].value("issuerRef", Json::object());
  if (ref.value("kind", "Issuer") == "ClusterIssuer") {
    auto ca = test_ca();
    if (!ca) return Result<Signer>(ca.status());
    return Result<Signer>(Signer{false, ca->cert_file, ca->key_file});
  }
  for (const Json& o : objects) {
    if (o.value("kind", "") != "Issuer" || o["metadata"].value("namespace", "") != ns ||
        o["metadata"].value("name", "") != ref.value("name", ""))
      continue;
    const Json spec = o.value("spec", Json::object());
    if (spec.contains("selfSigned")) return Result<Signer>(Signer{true, "", ""});
    const std::string secret = spec.value("ca", Json::object()).value("secretName", "");
    if (secret.empty()) return Result<Signer>(Status::terminal("Issuer " + ns + "/" + ref.value("name", "") + " is neither selfSigned nor ca"));
    auto it = issued.find(ns + "/" + secret);
    if (it == issued.end()) return std::nullopt;  // its CA's Certificate first
    return Result<Signer>(it->second);
  }
  return Result<Signer>(Status::terminal("Certificate " + ns + "/" + cert["metadata"].value("name", "") +
                                         ": no Issuer " + ref.value("name", "") + " in its namespace"));
}

}  // namespace

Result<std::vector<Json>> issued_certificate_secrets(const std::vector<Json>& objects) {
  std::set<std::string> secrets;
  for (const Json& o : objects)
    if (o.value("kind", "") == "Secret") secrets.insert(o["metadata"].value("namespace", "") + "/" + o["metadata"].value("name", ""));
  auto ca = test_ca();
  if (!ca) return ca.status();
  std::vector<const Json*> pending;
  for (const Json& o : objects) {
    if (o.value("kind", "") != "Certificate" || o.value("apiVersion", "") != "cert-manager.io/v1") continue;
    const std::string name = o["spec"].value("secretName", "");
    if (!name.empty() && !secrets.count(o["metadata"].value("namespace", "") + "/" + name)) pending.push_back(&o);
  }
  std::map<std::string, Signer> issued;  // namespace/secret → the pair it holds, as a CA Issuer signs with it
  std::vector<Json> out;
  // A CA Issuer's Certificates wait for the CA's own: issue in rounds until none is left.
  while (!pending.empty()) {
    std::vector<const Json*> later;
    for (const Json* cert : pending) {
      const Json& o = *cert;
      const std::string ns = o["metadata"].value("namespace", "");
      const std::string name = o["spec"].value("secretName", "");
      auto signer = signer_of(objects, o, issued);
      if (!signer) {
        later.push_back(cert);
        continue;
      }
      if (!*signer) return signer->status();
      std::string san;
      for (const Json& d : o["spec"].value("dnsNames", Json::array())) san += (san.empty() ? "DNS:" : ",DNS:") + d.get<std::string>();
      std::string cn = o["spec"].value("commonName", "");
      if (cn.empty() && !san.empty()) cn = o["spec"]["dnsNames"][0].get<std::string>();
      if (cn.empty()) return Status::terminal("Certificate " + ns + "/" + o["metadata"].value("name", "") + " names neither dnsNames nor commonName");
      const bool is_ca = o["spec"].value("isCA", false);
      std::string usage = "serverAuth";  // cert-manager's default usages: digital signature, key encipherment (server)
      for (const Json& u : o["spec"].value("usages", Json::array()))
        if (u == "client auth") usage = "clientAuth";
      const std::string base = ca->dir + "/" + ns + "-" + name;
      std::ostringstream ext;
      if (!san.empty()) ext << "subjectAltName=" << san << "\n";
      if (is_ca) ext << "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign,digitalSignature\n";
      else ext << "extendedKeyUsage=" << usage << "\n";
      std::ofstream(base + ".ext") << ext.str();
      if (Status st = openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", base + ".key",
                               "-out", base + ".csr", "-subj", "/CN=" + cn});
          !st)
        return st;
      Status st = (*signer)->self_signed
                      ? openssl({"x509", "-req", "-in", base + ".csr", "-key", base + ".key", "-out", base + ".crt", "-days", "2",
                                 "-extfile", base + ".ext"})
                      : openssl({"x509", "-req", "-in", base + ".csr", "-CA", (*signer)->cert_file, "-CAkey", (*signer)->key_file,
                                 "-CAcreateserial", "-out", base + ".crt", "-days", "2", "-extfile", base + ".ext"});
      if (!st) return st;
      // ca.crt: the issuer's certificate, as cert-manager writes it (a self-signed one's is itself).
      const std::string ca_file = (*signer)->self_signed ? base + ".crt" : (*signer)->cert_file;
      Json meta = {{"name", name}, {"namespace", ns},
                   {"annotations", {{"cert-manager.io/certificate-name", o["metadata"].value("name", "")}}}};
      out.push_back({{"apiVersion", "v1"}, {"kind", "Secret"}, {"type", "kubernetes.io/tls"}, {"metadata", meta},
                     {"data", {{"tls.crt", base64_encode(slurp(base + ".crt"))},
                               {"tls.key", base64_encode(slurp(base + ".key"))},
                               {"ca.crt", base64_encode(slurp(ca_file))}}}});
      secrets.insert(ns + "/" + name);
      if (is_ca) issued[ns + "/" + name] = Signer{false, base + ".crt", base + ".key"};
    }
    if (later.size() == pending.size())
      return Status::terminal("Certificate " + (*later.front())["metadata"].value("name", "") +
                              ": its CA Issuer's Secret is issued by no Certificate");
    pending = std::move(later);
  }
  return out;
}

}  // namespace bg::testing
