// What `render` writes: the manifest tree (manifest/tree.h) plus the files beside it that are not
// Kubernetes objects — today the DNS zone fragment (platform/dns.h), which no kustomization lists.
#pragma once

#include "manifest/object.h"
#include "manifest/tree.h"
#include "platform/platform.h"

namespace bg::render {

manifest::FileTree output_tree(const platform::Platform& platform, const manifest::ObjectSet& objects);

}  // namespace bg::render
