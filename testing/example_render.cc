#include "testing/example_render.h"

#include <gtest/gtest.h>

#include "testing/fixtures.h"

namespace bg::testing {

const pipeline::PipelineResult& example_render() {
  static const pipeline::PipelineResult r = pipeline::run_text(example_spec(), "examples/betelgeusebytes.yaml");
  return r;
}

const manifest::Json& example_object(const std::string& group, const std::string& kind, const std::string& ns,
                                     const std::string& name) {
  const manifest::Object* o = example_render().objects.find({group, kind}, ns, name);
  if (!o) {
    static const manifest::Json null;
    ADD_FAILURE() << "missing " << group << "/" << kind << " " << ns << "/" << name;
    return null;
  }
  return o->body;
}

}  // namespace bg::testing
