// The commented starter platform.yaml that `betelgeuse init` writes. It must always load and
// resolve cleanly (starter_test.cc), so a newcomer's first `plan` succeeds.
#pragma once

#include <string_view>

namespace bg::spec {

std::string_view starter_spec();

}  // namespace bg::spec
