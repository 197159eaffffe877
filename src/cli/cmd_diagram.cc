// betelgeuse diagram: the platform as a picture. DOT always; SVG through Graphviz `dot` when it is
// installed (scripts/setup.sh installs it), chosen by --format or the output file's extension.
#include "cli/cli.h"
#include "common/process.h"
#include "diagram/diagram.h"
#include "pipeline/pipeline.h"

namespace bg::cli {

int cmd_diagram(Io& io, const std::string& spec_path, const std::string& state_path, const std::string& out,
                const std::string& format) {
  pipeline::PipelineResult r = pipeline::run(io.fs, spec_path, state_path);
  if (!r.ok()) {
    io.err << render_diagnostics(r.diagnostics, r.sources, io.color_err);
    return kExitBadInput;
  }
  std::string fmt = format;
  if (fmt.empty()) fmt = out.size() > 4 && out.substr(out.size() - 4) == ".svg" ? "svg" : "dot";
  std::string content = diagram::to_dot(r.platform);
  if (fmt == "svg") {
    if (!on_path("dot")) {
      io.err << "betelgeuse: SVG needs Graphviz `dot`, which is not installed\n"
             << "hint: run scripts/setup.sh (or apt-get install graphviz), or write DOT with --format dot\n";
      return kExitBadInput;
    }
    Result<ProcessResult> svg = run_process({"dot", "-Tsvg"}, content);
    if (!svg || svg->exit_code != 0) {
      io.err << "betelgeuse: graphviz failed: " << (svg ? svg->err : svg.status().message()) << "\n";
      return kExitBadInput;
    }
    content = svg->out;
  }
  if (out == "-") {
    io.out << content;
    return kExitOk;
  }
  if (Status s = io.fs.write_file(out, content); !s) return report_failure(io, s);
  io.err << "wrote " << out << "\n";
  return kExitOk;
}

}  // namespace bg::cli
