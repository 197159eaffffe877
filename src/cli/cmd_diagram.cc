// betelgeuse diagram: the platform as a picture. DOT always; SVG or PNG through Graphviz `dot` when
// it is installed (scripts/setup.sh installs it), chosen by --format or the output file's extension.
#include <filesystem>

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
  if (fmt.empty()) {
    // From the file's extension: a name without one (and stdout) is DOT; one that is none of ours
    // is refused rather than filled with DOT text under a name that promises something else.
    std::string ext = out == "-" ? "" : std::filesystem::path(out).extension().string();
    if (ext.empty() || ext == ".dot" || ext == ".gv") fmt = "dot";
    else if (ext == ".svg" || ext == ".png") fmt = ext.substr(1);
    else {
      io.err << "betelgeuse: cannot tell which picture format " << out << " should be from its extension \"" << ext << "\"\n"
             << "hint: name the file .dot, .svg or .png, or pass --format dot, svg or png\n";
      return kExitBadInput;
    }
  }
  std::string content = diagram::to_dot(r.platform);
  if (fmt != "dot") {
    if (!on_path("dot")) {
      io.err << "betelgeuse: " << fmt << " needs Graphviz `dot`, which is not installed\n"
             << "hint: run scripts/setup.sh (or apt-get install graphviz), or write DOT with --format dot\n";
      return kExitBadInput;
    }
    Result<ProcessResult> drawn = run_process({"dot", "-T" + fmt}, content);
    if (!drawn || drawn->exit_code != 0) {
      io.err << "betelgeuse: graphviz failed: " << (drawn ? drawn->err : drawn.status().message()) << "\n";
      return kExitBadInput;
    }
    content = drawn->out;
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
