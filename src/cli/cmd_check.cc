// betelgeuse check: schema and principle checks on any manifests, ours or anyone's.
//
// Reads every path as a stream (a document is checked and dropped before the next is read), then
// runs the set rules and prints the findings as text, JSON or SARIF. Exit 0 when no finding is at or
// above --fail-on (default warning), 1 when one is, 2 when an input is unreadable or malformed
// (then nothing but the input errors is printed; with -o sarif also a log that says so on stdout). docs/rules.md lists the rules.
#include "check/checker.h"
#include "check/manifest_reader.h"
#include "check/report.h"
#include "check/schema.h"
#include "cli/cli.h"

namespace bg::cli {
namespace {

// The lowest severity that fails the run; nothing fails with "none".
bool fails(Severity s, const std::string& fail_on) {
  if (fail_on == "none") return false;
  if (fail_on == "error") return s == Severity::kError;
  if (fail_on == "warning") return s != Severity::kInfo;
  return true;
}

}  // namespace

int cmd_check(Io& io, const CheckOptions& options) {
  check::SchemaSet schemas = check::SchemaSet::builtin();
  if (!options.crds.empty()) {
    check::ManifestInput crd_input = check::read_manifests(io.fs, options.crds, io.in);
    if (crd_input.diagnostics.has_errors()) {
      io.err << render_diagnostics(crd_input.diagnostics, crd_input.sources, io.color_err);
      return kExitBadInput;
    }
    for (const check::SourceDocument& d : crd_input.documents) {
      auto kind = d.body.find("kind");
      if (kind == d.body.end() || *kind != "CustomResourceDefinition") continue;
      if (Status s = schemas.add_crd(d.body); !s) {
        io.err << d.file << ": error: " << s.message() << "\n";
        return kExitBadInput;
      }
    }
  }
  check::Checker checker(schemas);
  check::ReadResult input = check::read_each(
      io.fs, options.paths, io.in,
      [&](const std::string& file, const yaml::Node& object) { checker.add_document(object, file); });
  if (input.diagnostics.has_errors()) {
    io.err << render_diagnostics(input.diagnostics, input.sources, io.color_err);
    // A code-scanning tool reads stdout: it gets a valid log that says the run failed and why.
    if (options.output == "sarif")
      io.out << check::report_sarif(check::Report{{}, input.sources, {}}, &input.diagnostics).dump(2) << "\n";
    return kExitBadInput;
  }
  if (!input.diagnostics.empty()) io.err << render_diagnostics(input.diagnostics, input.sources, io.color_err);
  std::vector<check::Finding> findings = checker.finish();
  check::Report report{findings, input.sources, checker.summary()};
  if (options.output == "json") io.out << check::report_json(report).dump(2) << "\n";
  else if (options.output == "sarif") io.out << check::report_sarif(report).dump(2) << "\n";
  else io.out << check::report_text(report, io.color_out);
  for (const check::Finding& f : findings)
    if (fails(f.severity, options.fail_on)) return kExitFindings;
  return kExitOk;
}

}  // namespace bg::cli
