// betelgeuse check: strict schema validation of any manifests (ours or anyone's).
//
// Exit 0 when clean, 1 when there are findings, 2 when input is unreadable or malformed.
// Principle rules and SARIF output build on this (see docs/rules.md).
#include "check/manifest_reader.h"
#include "check/schema.h"
#include "check/validate.h"
#include "cli/cli.h"

namespace bg::cli {

int cmd_check(Io& io, const std::vector<std::string>& paths, const std::string& output,
              const std::vector<std::string>& crds) {
  check::SchemaSet schemas = check::SchemaSet::builtin();
  if (!crds.empty()) {
    check::ManifestInput crd_input = check::read_manifests(io.fs, crds, io.in);
    if (crd_input.diagnostics.has_errors()) {
      io.err << render_diagnostics(crd_input.diagnostics, crd_input.sources, io.color_err);
      return kExitBadInput;
    }
    for (const check::SourceDocument& d : crd_input.documents) {
      if (d.body.value("kind", "") != "CustomResourceDefinition") continue;
      if (Status s = schemas.add_crd(d.body); !s) {
        io.err << d.file << ": error: " << s.message() << "\n";
        return kExitBadInput;
      }
    }
  }
  check::ManifestInput input = check::read_manifests(io.fs, paths, io.in);
  if (input.diagnostics.has_errors()) {
    io.err << render_diagnostics(input.diagnostics, input.sources, io.color_err);
    return kExitBadInput;
  }
  std::vector<check::Finding> findings = check::validate_documents(input.documents, schemas);
  if (output == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const check::Finding& f : findings)
      out.push_back({{"rule", f.rule}, {"severity", std::string(severity_name(f.severity))}, {"object", f.object.str()},
                     {"path", check::path_string(f.path)}, {"message", f.message}, {"hint", f.hint},
                     {"file", f.loc.file}, {"line", f.loc.line}, {"column", f.loc.col}});
    io.out << out.dump(2) << "\n";
  } else {
    io.out << render_diagnostics(check::to_diagnostics(findings), input.sources, io.color_out);
    io.out << input.documents.size() << " objects checked, " << findings.size() << " findings\n";
  }
  return findings.empty() ? kExitOk : kExitFindings;
}

}  // namespace bg::cli
