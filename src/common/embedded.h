// Files compiled into the binary (catalog blueprints, the CRDs they render, the schema bundle).
//
// cmake/embed.cmake generates one array per group; the arrays live for the whole program, so the
// string_views never dangle.
#pragma once

#include <cstddef>
#include <string_view>

namespace bg {

struct EmbeddedFile {
  std::string_view name;   // base file name, e.g. "postgres.yaml"
  std::string_view bytes;  // the file's content
};

}  // namespace bg

extern const bg::EmbeddedFile bg_embedded_blueprints[];
extern const std::size_t bg_embedded_blueprints_count;
extern const bg::EmbeddedFile bg_embedded_schemas[];
extern const std::size_t bg_embedded_schemas_count;
extern const bg::EmbeddedFile bg_embedded_crds[];  // data/crds/<component>/*.json, by base name
extern const std::size_t bg_embedded_crds_count;
