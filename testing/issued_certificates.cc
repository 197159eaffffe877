#include "testing/issued_certificates.h"

#include <cstdlib>
#include <fstream>
#include <mutex>
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

Result<std::vector<Json>> issued_certificate_secrets(const std::vector<Json>& objects) {
  std::set<std::string> secrets;
  for (const Json& o : objects)
    if (o.value("kind", "") == "Secret") secrets.insert(o["metadata"].value("namespace", "") + "/" + o["metadata"].value("name", ""));
  std::vector<Json> out;
  for (const Json& o : objects) {
    if (o.value("kind", "") != "Certificate" || o.value("apiVersion", "") != "cert-manager.io/v1") continue;
    const std::string ns = o["metadata"].value("namespace", "");
    const std::string name = o["spec"].value("secretName", "");
    if (name.empty() || secrets.count(ns + "/" + name)) continue;
    auto ca = test_ca();
    if (!ca) return ca.status();
    std::string san;
    for (const Json& d : o["spec"].value("dnsNames", Json::array())) san += (san.empty() ? "DNS:" : ",DNS:") + d.get<std::string>();
    if (san.empty()) return Status::terminal("Certificate " + ns + "/" + o["metadata"].value("name", "") + " names no dnsNames");
    const std::string base = ca->dir + "/" + ns + "-" + name;
    if (Status s = openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", base + ".key",
                            "-out", base + ".csr", "-subj", "/CN=" + o["spec"]["dnsNames"][0].get<std::string>()});
        !s)
      return s;
    std::ofstream(base + ".ext") << "subjectAltName=" << san << "\nextendedKeyUsage=serverAuth\n";
    if (Status s = openssl({"x509", "-req", "-in", base + ".csr", "-CA", ca->cert_file, "-CAkey", ca->key_file,
                            "-CAcreateserial", "-out", base + ".crt", "-days", "2", "-extfile", base + ".ext"});
        !s)
      return s;
    Json meta = {{"name", name}, {"namespace", ns},
                 {"annotations", {{"cert-manager.io/certificate-name", o["metadata"].value("name", "")}}}};
    out.push_back({{"apiVersion", "v1"}, {"kind", "Secret"}, {"type", "kubernetes.io/tls"}, {"metadata", meta},
                   {"data", {{"tls.crt", base64_encode(slurp(base + ".crt"))},
                             {"tls.key", base64_encode(slurp(base + ".key"))},
                             {"ca.crt", base64_encode(slurp(ca->cert_file))}}}});
    secrets.insert(ns + "/" + name);
  }
  return out;
}

}  // namespace bg::testing
