// Reading anyone's manifests for `betelgeuse check`: files, folders (recursively, *.yaml, *.yml,
// *.json, in sorted order) and `-` for stdin; multi-document YAML and JSON; `kind: List` objects
// are opened up into their items. The YAML trees are kept so findings can point at line:col.
#pragma once

#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "check/validate.h"
#include "common/filesystem.h"
#include "diag/diagnostic.h"
#include "yaml/loader.h"

namespace bg::check {

struct ManifestInput {
  SourceTexts sources;
  std::vector<std::unique_ptr<yaml::Document>> trees;  // owned; SourceDocument::root points in here
  std::vector<SourceDocument> documents;
  Diagnostics diagnostics;  // unreadable files, YAML errors: exit 2
};

ManifestInput read_manifests(FileSystem& fs, const std::vector<std::string>& paths, std::istream* in);

}  // namespace bg::check
