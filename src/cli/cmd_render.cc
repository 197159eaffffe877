// betelgeuse render: the platform as a kustomize tree (or one YAML stream with `-o -`).
//
// Bad input writes nothing at all, not even an empty folder. The tree replaces a previous render
// atomically, and never a folder Betelgeuse did not write; files the user added to a rendered
// folder are kept (DiskFileSystem::write_tree).
#include "cli/cli.h"
#include "manifest/tree.h"
#include "manifest/yaml_writer.h"
#include "pipeline/pipeline.h"
#include "platform/dns.h"
#include "render/output.h"

namespace bg::cli {

int cmd_render(Io& io, const std::string& spec_path, const std::string& state_path, const std::string& out_dir) {
  pipeline::PipelineResult r = pipeline::run(io.fs, spec_path, state_path);
  if (!r.ok()) {
    io.err << render_diagnostics(r.diagnostics, r.sources, io.color_err);
    return kExitBadInput;
  }
  if (out_dir == "-") {
    std::vector<nlohmann::json> docs;
    for (const manifest::Object& o : r.objects.objects()) docs.push_back(o.body);
    io.out << manifest::to_yaml_stream(docs);
  } else {
    manifest::FileTree tree = render::output_tree(r.platform, r.objects);
    if (Status s = io.fs.write_tree(out_dir, tree, manifest::kTreeHeader); !s) return report_failure(io, s);
    io.err << "rendered " << r.objects.size() << " objects into " << out_dir << " (" << tree.size() << " files, DNS records in "
           << platform::zone_file_path(r.platform) << ")\n";
  }
  if (!r.findings.empty()) {
    io.err << render_diagnostics(check::to_diagnostics(r.findings), r.sources, io.color_err);
    return kExitFindings;
  }
  return kExitOk;
}

}  // namespace bg::cli
