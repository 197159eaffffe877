// Container image references: "quay.io/cilium/cilium:v1.16.5@sha256:…" split into registry,
// repository, tag and digest.
//
// The grammar is the distribution reference's, read the way a container runtime reads it: a tag
// is the part after the last ':' that follows the last '/' (a ':' before a '/' is a registry's
// port), a digest is what follows '@', and the first path component is a registry only when it
// looks like a host (it has a '.' or a ':', or is "localhost"); otherwise the image is on the
// default registry. Parsing never fails: rules read the images of anyone's manifests, and an odd
// reference is the runtime's complaint, not a crash of ours.
#pragma once

#include <string>
#include <string_view>

namespace bg::k8s {

struct ImageRef {
  std::string registry;    // "quay.io", "localhost:5000"; "" for the default registry
  std::string repository;  // "cilium/cilium", "postgres"
  std::string tag;         // "v1.16.5"; "" when none is written (the runtime pulls :latest)
  bool has_tag = false;    // a ':' was written after the last '/'
  std::string digest;      // "sha256:…"; "" when none is written
  bool has_digest = false; // an '@' was written (a digest pins exactly, even one we cannot read)

  static ImageRef parse(std::string_view image);

  // "quay.io/cilium/cilium": the reference without tag and digest, as written.
  std::string name() const { return registry.empty() ? repository : registry + "/" + repository; }
};

}  // namespace bg::k8s
