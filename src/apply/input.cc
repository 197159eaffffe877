#include "apply/input.h"

#include "apply/secret_copies.h"
#include "secrets/generate.h"

namespace bg::apply {

Result<ApplyInput> apply_input(const pipeline::PipelineResult& run) {
  ApplyInput in;
  in.objects = run.objects.objects();
  for (const platform::Component& c : run.platform.components) {
    in.depends_on[c.name] = c.depends_on;
    if (c.blueprint && c.blueprint->start_time.count() > 0) in.start_times[c.name] = c.blueprint->start_time;
  }
  for (const platform::SecretPlan& plan : run.platform.secrets) {
    auto secret = secrets::build_secret(run.platform, plan);
    if (!secret) return secret.status();
    manifest::Object o;
    o.body = std::move(*secret);
    // Credentials a provider provisions go with the provider: its init Job reads them first.
    o.from.component = plan.provider.empty() ? plan.component : plan.provider;
    o.from.trait = "secret";
    for (const std::string& ns : plan.mirror_ns) {
      manifest::Object copy = o;
      copy.body["metadata"]["namespace"] = ns;
      copy.body["metadata"]["annotations"][kCopyOfAnnotation] = plan.ns + "/" + plan.name;
      in.objects.push_back(std::move(copy));
    }
    in.objects.push_back(std::move(o));
  }
  in.parent.name = "betelgeuse-" + run.platform.name;
  return in;
}

}  // namespace bg::apply
