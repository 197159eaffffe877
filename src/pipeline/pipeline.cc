#include "pipeline/pipeline.h"

#include "catalog/catalog.h"
#include "check/checker.h"
#include "nodes/state.h"
#include "platform/resolve.h"
#include "render/render.h"
#include "spec/loader.h"

namespace bg::pipeline {

PipelineResult run_text(const std::string& text, const std::string& file, const platform::Recorded& recorded) {
  PipelineResult r;
  r.sources[file] = text;
  spec::LoadedSpec loaded = spec::load_spec(text, file);
  r.diagnostics.append(loaded.diagnostics);
  r.spec = std::move(loaded.spec);
  if (!r.ok()) return r;
  r.platform = platform::resolve(r.spec, catalog::Catalog::builtin(), recorded, r.diagnostics);
  if (!r.ok()) return r;
  r.objects = render::render(r.platform);
  for (const std::string& dup : r.objects.duplicates()) {
    r.diagnostics.error({file, 0, 0}, "two components render the same object " + dup,
                        "this is a bug in a blueprint or trait; please report it");
  }
  // Schema and principles, object by object; findings point at each object's spec line.
  check::Checker checker(check::SchemaSet::builtin());
  for (const manifest::Object& o : r.objects.objects()) checker.add_object(o, SourceLocation{file, 0, 0});
  r.findings = checker.finish();
  return r;
}

namespace {

// The allocations the nodes state file holds; none when it does not exist yet.
Result<platform::Recorded> read_recorded(FileSystem& fs, const std::string& path) {
  if (!fs.exists(path)) return platform::Recorded{};
  Result<std::string> text = fs.read(path);
  if (!text) return text.status();
  Result<nodes::NodesState> state = nodes::parse_state(*text, path);
  if (!state) return state.status();
  return nodes::recorded_of(*state);
}

}  // namespace

PipelineResult run(FileSystem& fs, const std::string& spec_path, const std::string& state_path) {
  Result<std::string> text = fs.read(spec_path);
  if (!text) {
    PipelineResult r;
    r.diagnostics.error({spec_path, 0, 0}, text.status().message(),
                        "pass the path of your platform.yaml, or run `betelgeuse init` to create one");
    return r;
  }
  std::string state = state_path.empty() ? nodes::default_state_path(spec_path) : state_path;
  Result<platform::Recorded> recorded = read_recorded(fs, state);
  if (!recorded) {
    PipelineResult r;
    r.diagnostics.error({state, 0, 0}, recorded.status().message(),
                        recorded.status().hint().empty()
                            ? "every command reads the nodes' mesh addresses from it (docs/nodes.md)"
                            : recorded.status().hint());
    return r;
  }
  return run_text(text.value(), spec_path, *recorded);
}

}  // namespace bg::pipeline
