#include "check/manifest_reader.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

namespace bg::check {
namespace {

namespace stdfs = std::filesystem;

bool is_manifest_file(const stdfs::path& p) {
  // kustomization.yaml is a build recipe for kustomize, not an object for the API server.
  std::string name = p.filename().string();
  if (name == "kustomization.yaml" || name == "kustomization.yml" || name == "Kustomization") return false;
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

void add_text(ManifestInput& m, const std::string& file, std::string text) {
  yaml::LoadResult loaded = yaml::load(text, file);
  m.sources[file] = std::move(text);
  m.diagnostics.append(loaded.diagnostics);
  for (yaml::Document& d : loaded.documents) {
    auto owned = std::make_unique<yaml::Document>(std::move(d));
    const yaml::Node& root = owned->root;
    nlohmann::json body = yaml::to_json(root);
    const yaml::Node* items = root.find("items");
    if (body.is_object() && body.value("kind", "") == "List" && items && items->is_seq()) {
      for (const yaml::Node& item : items->items) m.documents.push_back({file, &item, yaml::to_json(item)});
    } else {
      m.documents.push_back({file, &root, std::move(body)});
    }
    m.trees.push_back(std::move(owned));
  }
}

}  // namespace

ManifestInput read_manifests(FileSystem& fs, const std::vector<std::string>& paths, std::istream* in) {
  ManifestInput m;
  for (const std::string& path : paths) {
    if (path == "-") {
      if (!in) {
        m.diagnostics.error({"<stdin>", 0, 0}, "no standard input to read", "pass files or folders instead of -");
        continue;
      }
      std::ostringstream s;
      s << in->rdbuf();
      add_text(m, "<stdin>", s.str());
      continue;
    }
    std::error_code ec;
    if (stdfs::is_directory(path, ec)) {
      std::vector<std::string> files;
      for (auto it = stdfs::recursive_directory_iterator(path, stdfs::directory_options::skip_permission_denied, ec);
           !ec && it != stdfs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && is_manifest_file(it->path())) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());
      if (files.empty()) m.diagnostics.warning({path, 0, 0}, "no .yaml, .yml or .json files in this folder", "");
      for (const std::string& f : files) {
        Result<std::string> text = fs.read(f);
        if (!text) m.diagnostics.error({f, 0, 0}, "cannot read: " + text.status().message(), "check the path and permissions");
        else add_text(m, f, std::move(text.value()));
      }
      continue;
    }
    Result<std::string> text = fs.read(path);
    if (!text) {
      m.diagnostics.error({path, 0, 0}, "cannot read: " + text.status().message(), "check the path and permissions");
      continue;
    }
    add_text(m, path, std::move(text.value()));
  }
  return m;
}

}  // namespace bg::check
