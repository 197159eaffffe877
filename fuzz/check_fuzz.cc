// libFuzzer target for `betelgeuse check`: manifest reading, schema validation and every principle
// rule, on untrusted bytes.
//
// Any input must be read and checked without crashing, hanging, leaking or tripping the checker's
// own safety net (an `internal` finding means a rule threw: that is a bug). YAML errors must come
// without findings being trusted (the command exits 2). The loader's fast path is checked against
// libyaml on the same bytes: both must give the same documents, marks and diagnostics, or the fast
// path changed a result; and the schema's walker over YAML trees must give the JSON walker's
// verdict. The reports must render whatever was found.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "check/checker.h"
#include "check/report.h"
#include "yaml/loader.h"

namespace {

void dump(const bg::yaml::Node& n, std::string& out) {
  out += std::to_string(static_cast<int>(n.kind)) + "@" + std::to_string(n.mark.line) + ":" +
         std::to_string(n.mark.col) + (n.quoted ? "q" : "") + "[" + n.text + "]";
  for (const bg::yaml::Node& i : n.items) dump(i, out);
  for (const auto& [k, v] : n.entries) {
    dump(k, out);
    dump(v, out);
  }
  out += ";";
}

std::string describe(const bg::yaml::LoadResult& r) {
  std::string out;
  for (const bg::Diagnostic& d : r.diagnostics) out += d.loc.str() + d.message + (d.hints.empty() ? "" : d.hints[0]) + "\n";
  for (const bg::yaml::Document& d : r.documents) {
    out += std::to_string(d.start.line) + ":" + std::to_string(d.start.col);
    dump(d.root, out);
    out += "\n";
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  bg::yaml::LoadLimits limits;
  limits.max_nodes = 1 << 16;

  // The fast path never changes a result.
  bg::yaml::LoadLimits slow = limits;
  slow.fast_path = false;
  if (describe(bg::yaml::load(text, "fuzz.yaml", limits)) != describe(bg::yaml::load(text, "fuzz.yaml", slow)))
    std::abort();

  // Reading and checking, as the command does; the walker over YAML trees must agree with the one
  // over JSON on every document.
  const bg::check::SchemaSet& schemas = bg::check::SchemaSet::builtin();
  bg::check::Checker checker(schemas);
  bg::Diagnostics input = bg::yaml::load_each(text, "fuzz.yaml", [&](bg::yaml::Document&& d) {
    if (schemas.validate(d.root, nullptr) != schemas.validate(bg::yaml::to_json(d.root), nullptr)) std::abort();
    checker.add_document(d.root, "fuzz.yaml");
  }, limits);
  std::vector<bg::check::Finding> findings = checker.finish();
  for (const bg::check::Finding& f : findings) {
    if (f.rule == "internal") std::abort();
    if (f.message.empty()) std::abort();
  }
  if (input.has_errors()) return 0;
  bg::SourceTexts sources{{"fuzz.yaml", text}};
  bg::check::Report report{findings, sources, checker.summary()};
  (void)bg::check::report_text(report, true);
  (void)bg::check::report_json(report).dump();   // throws (and so fails) on invalid UTF-8
  (void)bg::check::report_sarif(report).dump();
  return 0;
}
