// betelgeuse init: write the commented starter platform.yaml.
#include "cli/cli.h"
#include "spec/starter.h"

namespace bg::cli {

int cmd_init(Io& io, const std::string& path, bool force) {
  if (path == "-") {
    io.out << spec::starter_spec();
    return kExitOk;
  }
  if (io.fs.exists(path) && !force) {
    io.err << "betelgeuse: " << path << " already exists; not overwriting it\n"
           << "hint: pass --force to replace it, or -o another path\n";
    return kExitBadInput;
  }
  if (Status s = io.fs.write_file(path, std::string(spec::starter_spec())); !s) return report_failure(io, s);
  io.out << "wrote " << path << "; next: betelgeuse plan " << path << "\n";
  return kExitOk;
}

}  // namespace bg::cli
