#include "manifest/tree.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "manifest/yaml_writer.h"

namespace bg::manifest {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string folder_of(const Object& o) {
  std::string owner = o.from.component.empty() ? "" : o.from.component;
  if (o.kind() == "Namespace") return o.name() + "/namespace";
  std::string ns = o.ns();
  if (ns.empty()) return "cluster/" + (owner.empty() ? "platform" : owner);
  return ns + "/" + (owner.empty() ? "namespace" : owner);
}

std::string kustomization(const std::vector<std::string>& files) {
  std::string out = kTreeHeader;
  out += "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n";
  for (const std::string& f : files) out += "- " + f + "\n";
  return out;
}

}  // namespace

FileTree layout_tree(const ObjectSet& objects) {
  FileTree tree;
  std::map<std::string, std::vector<std::string>> by_folder;
  for (const Object& o : objects.objects()) {
    std::string folder = folder_of(o);
    std::string path = folder + "/" + lower(o.kind()) + "-" + o.name() + ".yaml";
    std::string header = std::string(kTreeHeader);
    if (!o.from.component.empty()) header += "# component: " + o.from.component + ", trait: " + o.from.trait + "\n";
    tree[path] = header + to_yaml(o.body);
    by_folder[folder].push_back(path);
  }
  // Folder kustomizations list their own files; namespace kustomizations list everything below them.
  std::map<std::string, std::vector<std::string>> by_top;
  std::vector<std::string> all;
  for (const auto& [folder, paths] : by_folder) {
    std::vector<std::string> local;
    for (const std::string& p : paths) local.push_back(p.substr(folder.size() + 1));
    tree[folder + "/kustomization.yaml"] = kustomization(local);
    std::string top = folder.substr(0, folder.find('/'));
    for (const std::string& p : paths) {
      by_top[top].push_back(p.substr(top.size() + 1));
      all.push_back(p);
    }
  }
  for (const auto& [top, paths] : by_top) tree[top + "/kustomization.yaml"] = kustomization(paths);
  // Cluster-scoped objects first, then namespaces: kustomize re-sorts by kind anyway, but a person
  // reading the file sees the same order the objects are applied in.
  std::stable_partition(all.begin(), all.end(), [](const std::string& p) { return p.rfind("cluster/", 0) == 0; });
  tree["kustomization.yaml"] = kustomization(all);
  return tree;
}

}  // namespace bg::manifest
