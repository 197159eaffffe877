// image-pinned: every container image names a version tag or a digest. An untagged image means
// :latest, and :latest means "whatever was pushed last": two nodes may run different code, and a
// rollback rolls back to nothing.
#include "check/rules/rules.h"

namespace bg::check::rules {

void image_pinned(const ObjectContext& c, Out& out) {
  for (const ContainerRef& k : c.containers) {
    std::string_view image = str(field(k.container, "image"));
    if (image.empty() || image.find('@') != std::string_view::npos) continue;  // a digest pins exactly
    std::size_t slash = image.rfind('/');
    std::size_t colon = image.rfind(':');
    bool tagged = colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash);
    std::string_view repo = tagged ? image.substr(0, colon) : image;
    std::string hint = "pin a version tag such as \"" + std::string(repo) + ":1.2.3\", or a digest \"" +
                       std::string(repo) + "@sha256:...\"";
    std::string who = "container \"" + std::string(k.name()) + "\": ";
    if (!tagged) {
      out.add("image-pinned", k.at(*c.pod, {"image"}),
              who + "image \"" + std::string(image) + "\" has no tag, which means :latest", hint);
    } else if (image.substr(colon + 1) == "latest") {
      out.add("image-pinned", k.at(*c.pod, {"image"}), who + "image \"" + std::string(image) + "\" uses the latest tag",
              hint);
    }
  }
}

}  // namespace bg::check::rules
