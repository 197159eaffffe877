// libFuzzer target for the whole spec pipeline: load → resolve → render → validate.
//
// Any bytes given as a platform.yaml must end in diagnostics (every one with a place and a hint) or
// in a rendered platform; never a crash, a hang or unbounded memory. When the input is accepted,
// the render must be deterministic and pass our own schema validation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "manifest/tree.h"
#include "pipeline/pipeline.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  bg::pipeline::PipelineResult r = bg::pipeline::run_text(text, "fuzz.yaml");
  if (!r.ok()) {
    for (const bg::Diagnostic& d : r.diagnostics) {
      if (d.severity == bg::Severity::kError && (d.message.empty() || d.hints.empty())) std::abort();
    }
    return 0;
  }
  for (const bg::check::Finding& f : r.findings)
    if (f.severity == bg::Severity::kError) std::abort();  // an accepted spec renders valid objects
  bg::pipeline::PipelineResult again = bg::pipeline::run_text(text, "fuzz.yaml");
  if (bg::manifest::layout_tree(again.objects) != bg::manifest::layout_tree(r.objects)) std::abort();
  return 0;
}
