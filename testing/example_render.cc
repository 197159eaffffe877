#include "testing/example_render.h"

#include <gtest/gtest.h>

#include "testing/fixtures.h"

namespace bg::testing {

const pipeline::PipelineResult& example_render() {
  static const pipeline::PipelineResult r = pipeline::run_text(example_spec(), "examples/betelgeusebytes.yaml");
  return r;
}

const pipeline::PipelineResult& sso_example_render() {
  static const pipeline::PipelineResult r = pipeline::run_text(with_sso(example_spec()), "examples/betelgeusebytes.yaml (SSO)");
  return r;
}

const manifest::Json& example_object(const std::string& group, const std::string& kind, const std::string& ns,
                                     const std::string& name) {
  return rendered_object(example_render(), group, kind, ns, name);
}

const manifest::Json& rendered_object(const pipeline::PipelineResult& render, const std::string& group,
                                      const std::string& kind, const std::string& ns, const std::string& name) {
  const manifest::Object* o = render.objects.find({group, kind}, ns, name);
  if (!o) {
    static const manifest::Json null;
    ADD_FAILURE() << "missing " << group << "/" << kind << " " << ns << "/" << name;
    return null;
  }
  return o->body;
}

}  // namespace bg::testing
