#include "testing/applied_objects.h"

#include "apply/input.h"
#include "secrets/keep.h"
#include "testing/issued_certificates.h"

namespace bg::testing {

Result<std::vector<manifest::Json>> applied_objects(const pipeline::PipelineResult& run) {
  auto input = apply::apply_input(run);
  if (!input) return input.status();
  std::vector<manifest::Json> out;
  for (const manifest::Object& o : input->objects)
    out.push_back(o.from.trait == "secret" ? secrets::keep_existing(o.body, nullptr).secret : o.body);
  return out;
}

Result<ClusterFacts> render_facts(const pipeline::PipelineResult& run) {
  auto objects = applied_objects(run);
  if (!objects) return objects.status();
  ClusterFacts facts;
  facts.objects = std::move(*objects);
  // What cert-manager adds once the Certificates are applied: the pods that mount their Secrets start.
  auto issued = issued_certificate_secrets(facts.objects);
  if (!issued) return issued.status();
  facts.objects.insert(facts.objects.end(), issued->begin(), issued->end());
  facts.service_ips = allocate_service_ips(facts.objects);
  return facts;
}

}  // namespace bg::testing
