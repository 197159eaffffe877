// render: Platform → ObjectSet.
//
// A pure function: the same Platform always gives the same objects in the same order. It runs the
// platform-wide traits (namespaces, the local storage class) and then every trait over every enabled
// component. No Secret with a value is ever rendered: Secrets are created in the cluster on first
// apply, and rendered objects only refer to them by name.
#pragma once

#include "manifest/object.h"
#include "platform/platform.h"

namespace bg::render {

manifest::ObjectSet render(const platform::Platform& platform);

}  // namespace bg::render
