// The pipeline: load → resolve → render → check, as one call that commands share.
//
// Each stage's output is a plain value kept in PipelineResult, so `plan` can print the Platform,
// `render` can write the ObjectSet and both can show the Findings. Input mistakes stop the pipeline
// at the stage that found them (a spec that does not load is not resolved) and are all returned in
// `diagnostics`; the caller exits 2 on them and writes nothing. Resolve also reads what the nodes
// state file recorded (mesh addresses), so every command sees the addresses `betelgeuse nodes`
// gave the machines; the pipeline never writes that file.
#pragma once

#include <string>
#include <vector>

#include "check/finding.h"
#include "common/filesystem.h"
#include "diag/diagnostic.h"
#include "manifest/object.h"
#include "platform/mesh.h"
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

// Reads the spec through `fs` ("-" is not supported for specs: a platform is a file), and the
// nodes state file when it exists: `state_path`, by default the one beside the spec
// (nodes/state.h). A state file that exists but cannot be read is an input error.
PipelineResult run(FileSystem& fs, const std::string& spec_path, const std::string& state_path = "");

// The same from text already in memory (tests, benchmarks), with what a state file recorded.
PipelineResult run_text(const std::string& text, const std::string& file, const platform::Recorded& recorded = {});

}  // namespace bg::pipeline
