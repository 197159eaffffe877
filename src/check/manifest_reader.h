// Reading anyone's manifests for `betelgeuse check`: files, folders (recursively, *.yaml, *.yml,
// *.json, in sorted order; kustomization.yaml files are kustomize's recipes, not objects) and `-`
// for stdin; multi-document YAML and JSON; List kinds (`kind: List`, `ConfigMapList`, …) are opened
// up into their items, recursively (list_items.h), whatever the input form.
//
// read_each() streams: each document is handed over as soon as it is read and dropped after, so a
// stream of any length is read in the memory of its largest document (plus the text of the files,
// kept for quoting lines in messages). read_manifests() keeps every document, for small inputs such
// as --crd files.
#pragma once

#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "check/validate.h"
#include "common/filesystem.h"
#include "diag/diagnostic.h"
#include "yaml/loader.h"

namespace bg::check {

struct ReadResult {
  SourceTexts sources;
  Diagnostics diagnostics;  // unreadable files, YAML errors: exit 2
  std::size_t documents = 0;
};

// Called once per object: the file it is in and its YAML tree.
using DocumentSink = std::function<void(const std::string& file, const yaml::Node& object)>;

ReadResult read_each(FileSystem& fs, const std::vector<std::string>& paths, std::istream* in, const DocumentSink& sink);

struct ManifestInput {
  SourceTexts sources;
  std::vector<std::unique_ptr<yaml::Document>> trees;  // owned; SourceDocument::root points in here
  std::vector<SourceDocument> documents;
  Diagnostics diagnostics;  // unreadable files, YAML errors: exit 2
};

ManifestInput read_manifests(FileSystem& fs, const std::vector<std::string>& paths, std::istream* in);

}  // namespace bg::check
