// The pipeline: load → resolve → render → check, as one call that commands share.
//
// Each stage's output is a plain value kept in PipelineResult, so `plan` can print the Platform,
// `render` can write the ObjectSet and both can show the Findings. Input mistakes stop the pipeline
// at the stage that found them (a spec that does not load is not resolved) and are all returned in
// `diagnostics`; the caller exits 2 on them and writes nothing.
#pragma once

#include <string>
#include <vector>

#include "check/finding.h"
#include "common/filesystem.h"
#include "diag/diagnostic.h"
#include "manifest/object.h"
#include "platform/platform.h"
#include "spec/spec.h"

namespace bg::pipeline {

struct PipelineResult {
  SourceTexts sources;
  Diagnostics diagnostics;  // input errors: exit 2
  spec::Spec spec;
  platform::Platform platform;
  manifest::ObjectSet objects;
  std::vector<check::Finding> findings;

  bool ok() const { return !diagnostics.has_errors(); }
};

// Reads the spec through `fs` ("-" is not supported for specs: a platform is a file).
PipelineResult run(FileSystem& fs, const std::string& spec_path);

// The same from text already in memory (tests, benchmarks).
PipelineResult run_text(const std::string& text, const std::string& file);

}  // namespace bg::pipeline
