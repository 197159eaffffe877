#include "check/manifest_reader.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "check/list_items.h"

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

// Every (file name, text) the paths stand for, in order; problems go to `diags`.
void each_text(FileSystem& fs, const std::vector<std::string>& paths, std::istream* in, Diagnostics& diags,
               const std::function<void(const std::string&, std::string)>& take) {
  for (const std::string& path : paths) {
    if (path == "-") {
      if (!in) {
        diags.error({"<stdin>", 0, 0}, "no standard input to read", "pass files or folders instead of -");
        continue;
      }
      std::ostringstream s;
      s << in->rdbuf();
      take("<stdin>", s.str());
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
      if (files.empty()) diags.warning({path, 0, 0}, "no .yaml, .yml or .json files in this folder", "");
      for (const std::string& f : files) {
        Result<std::string> text = fs.read(f);
        if (!text) diags.error({f, 0, 0}, text.status().message(), text.status().hint());
        else take(f, std::move(text.value()));
      }
      continue;
    }
    Result<std::string> text = fs.read(path);
    if (!text) {
      diags.error({path, 0, 0}, text.status().message(), text.status().hint());
      continue;
    }
    take(path, std::move(text.value()));
  }
}

}  // namespace

ReadResult read_each(FileSystem& fs, const std::vector<std::string>& paths, std::istream* in, const DocumentSink& sink) {
  ReadResult r;
  each_text(fs, paths, in, r.diagnostics, [&](const std::string& file, std::string text) {
    auto [it, fresh] = r.sources.insert_or_assign(file, std::move(text));
    (void)fresh;
    std::function<void(yaml::Document&&)> take = [&](yaml::Document&& d) {
      each_object(d.root, [&](const yaml::Node& n) {
        ++r.documents;
        sink(file, n);
      });
    };
    r.diagnostics.append(yaml::load_each(it->second, file, take));
  });
  return r;
}

ManifestInput read_manifests(FileSystem& fs, const std::vector<std::string>& paths, std::istream* in) {
  ManifestInput m;
  each_text(fs, paths, in, m.diagnostics, [&](const std::string& file, std::string text) {
    yaml::LoadResult loaded = yaml::load(text, file);
    m.sources[file] = std::move(text);
    m.diagnostics.append(loaded.diagnostics);
    for (yaml::Document& d : loaded.documents) {
      auto owned = std::make_unique<yaml::Document>(std::move(d));
      each_object(owned->root, [&](const yaml::Node& n) { m.documents.push_back({file, &n, yaml::to_json(n)}); });
      m.trees.push_back(std::move(owned));
    }
  });
  return m;
}

}  // namespace bg::check
