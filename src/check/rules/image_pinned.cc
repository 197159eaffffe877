// image-pinned: every container image names a version tag or a digest. An untagged image means
// :latest, and :latest means "whatever was pushed last": two nodes may run different code, and a
// rollback rolls back to nothing.
#include "check/rules/rules.h"
#include "k8s/image_ref.h"

namespace bg::check::rules {

void image_pinned(const ObjectContext& c, Out& out) {
  for (const ContainerRef& k : c.containers) {
    std::string_view image = str(field(k.container, "image"));
    if (image.empty()) continue;
    k8s::ImageRef ref = k8s::ImageRef::parse(image);
    if (ref.has_digest) continue;  // a digest pins exactly
    std::string repo = ref.name();
    std::string hint = "pin a version tag such as \"" + repo + ":1.2.3\", or a digest \"" + repo + "@sha256:...\"";
    std::string who = "container \"" + std::string(k.name()) + "\": ";
    if (!ref.has_tag) {
      out.add("image-pinned", k.at(*c.pod, {"image"}),
              who + "image \"" + std::string(image) + "\" has no tag, which means :latest", hint);
    } else if (ref.tag == "latest") {
      out.add("image-pinned", k.at(*c.pod, {"image"}), who + "image \"" + std::string(image) + "\" uses the latest tag",
              hint);
    }
  }
}

}  // namespace bg::check::rules
