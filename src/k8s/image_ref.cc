#include "k8s/image_ref.h"

namespace bg::k8s {

ImageRef ImageRef::parse(std::string_view image) {
  ImageRef r;
  if (std::size_t at = image.find('@'); at != std::string_view::npos) {
    r.has_digest = true;
    r.digest = image.substr(at + 1);
    image = image.substr(0, at);
  }
  std::size_t slash = image.rfind('/');
  std::size_t colon = image.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    r.has_tag = true;
    r.tag = image.substr(colon + 1);
    image = image.substr(0, colon);
  }
  if (std::size_t first = image.find('/'); first != std::string_view::npos) {
    std::string_view host = image.substr(0, first);
    if (host.find('.') != std::string_view::npos || host.find(':') != std::string_view::npos || host == "localhost") {
      r.registry = host;
      image = image.substr(first + 1);
    }
  }
  r.repository = image;
  return r;
}

}  // namespace bg::k8s
