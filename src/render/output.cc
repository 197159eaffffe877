#include "render/output.h"

#include "platform/dns.h"

namespace bg::render {

manifest::FileTree output_tree(const platform::Platform& platform, const manifest::ObjectSet& objects) {
  manifest::FileTree tree = manifest::layout_tree(objects);
  if (!platform.domain.empty()) tree[platform::zone_file_path(platform)] = platform::zone_fragment(platform);
  return tree;
}

}  // namespace bg::render
