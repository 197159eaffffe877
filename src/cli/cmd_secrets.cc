// betelgeuse secrets rotate NAME…: the only way a generated secret changes.
//
// NAME is a Secret of the platform, "postgres-admin" or "db/postgres-admin". Rotation is an apply
// with those Secrets drawn afresh; everything else converges as usual, and the workloads that read
// them pick the new values up on their next restart.
#include "cli/live.h"
#include "diag/diagnostic.h"

namespace bg::cli {

int run_apply(Io& io, const LiveOptions& options, const std::set<std::string>& rotate);

int cmd_secrets_rotate(Io& io, const LiveOptions& options) {
  pipeline::PipelineResult r = pipeline::run(io.fs, options.spec, options.state);
  if (!r.ok()) {
    io.err << render_diagnostics(r.diagnostics, r.sources, io.color_err);
    return kExitBadInput;
  }
  std::set<std::string> rotate;
  for (const std::string& name : options.rotate) {
    const platform::SecretPlan* found = nullptr;
    std::vector<std::string> names;  // in the form the name was given: with its namespace or without
    bool qualified = name.find('/') != std::string::npos;
    for (const platform::SecretPlan& s : r.platform.secrets) {
      if (name == s.name || name == s.ns + "/" + s.name) found = &s;
      names.push_back(qualified ? s.ns + "/" + s.name : s.name);
    }
    if (!found) {
      std::string near = closest_match(name, names);
      io.err << "betelgeuse: no generated secret \"" << name << "\" in this platform\n"
             << "hint: " << (near.empty() ? "" : "did you mean \"" + near + "\"? ")
             << "`betelgeuse plan` lists the platform's secrets\n";
      return kExitBadInput;
    }
    rotate.insert(found->ns + "/" + found->name);
  }
  return run_apply(io, options, rotate);
}

}  // namespace bg::cli
