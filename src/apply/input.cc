#include "apply/input.h"

#include "secrets/generate.h"

namespace bg::apply {

Result<ApplyInput> apply_input(const pipeline::PipelineResult& run) {
  ApplyInput in;
  in.objects = run.objects.objects();
  for (const platform::Component& c : run.platform.components) in.depends_on[c.name] = c.depends_on;
  for (const platform::SecretPlan& plan : run.platform.secrets) {
    auto secret = secrets::build_secret(run.platform, plan);
    if (!secret) return secret.status();
    manifest::Object o;
    o.body = std::move(*secret);
    o.from.component = plan.component;
    o.from.trait = "secret";
    in.objects.push_back(std::move(o));
  }
  in.parent.name = "betelgeuse-" + run.platform.name;
  return in;
}

}  // namespace bg::apply
