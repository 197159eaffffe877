#include "check/flow_facts.h"

#include <algorithm>

namespace bg::check {
namespace {

// Where the endpoint at `offset` in the string `v` (found at `path`) is written. A one-line scalar
// is on its own line, after its opening quote if it has one. A multi-line string is a block scalar
// whose mark is its `|` or `>` indicator: its content starts on the next line, indented (as
// kubectl, Helm and Betelgeuse write it) two columns past its key, or level with the indicator of
// a list item. Folded (`>`) scalars join lines, so there the line is the best guess, no more.
At endpoint_at(Inventory& inv, const Subject& s, const Path& path, const Value& v, std::size_t offset, bool list_item) {
  At at = inv.at(s, path);
  if (!s.located || at.line == 0) return at;
  std::string_view text = v.text;
  if (text.find('\n') == std::string_view::npos) {
    at.col += static_cast<int>(offset) + (v.quoted ? 1 : 0);
    return at;
  }
  int lines = static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
  std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
  int content_col = list_item ? at.col : inv.at(s, path, true).col + 2;
  at.line += 1 + lines;
  at.col = content_col + static_cast<int>(offset - line_start);
  return at;
}

// The endpoints in string `v`; `path` (where `v` is) is only built when there are some, since
// most strings name none.
template <typename MakePath>
void add_endpoints(std::vector<EndpointUse>& out, Inventory& inv, const Subject& s, const Value& v, bool list_item,
                   MakePath path) {
  if (v.kind != yaml::NodeKind::kString) return;
  std::vector<Endpoint> found = find_endpoints(v.text);
  if (found.empty()) return;
  const Path p = path();
  for (Endpoint& e : found) {
    At at = endpoint_at(inv, s, p, v, e.offset, list_item);
    out.push_back({std::move(e), std::move(at)});
  }
}

void collect_pod(const ObjectContext& ctx, Inventory& inv, std::vector<CallerFact>& callers,
                 std::vector<ConfigMapRead>& reads) {
  const Subject& s = ctx.subject;
  const PodTemplate& t = *ctx.pod;
  CallerFact caller;
  caller.object = static_cast<std::uint32_t>(inv.objects.size() - 1);
  for (const ContainerRef& c : ctx.containers) {
    const Value* env = field(c.container, "env");
    for (std::size_t i = 0; i < items(env).size(); ++i) {
      const Value& e = env->items[i];
      if (const Value* value = field(e, "value"))
        add_endpoints(caller.endpoints, inv, s, *value, false, [&] { return c.at(t, {"env", std::to_string(i), "value"}); });
      const Value* ref = dig(&e, {"valueFrom", "configMapKeyRef"});
      if (std::string_view name = str(field(ref, "name")); !name.empty())
        reads.push_back({caller.object, std::string(name), std::string(str(field(ref, "key")))});
    }
    for (const Value& from : items(field(c.container, "envFrom")))
      if (std::string_view name = str(dig(&from, {"configMapRef", "name"})); !name.empty())
        reads.push_back({caller.object, std::string(name), ""});
    for (const char* list : {"command", "args"}) {
      const Value* words = field(c.container, list);
      for (std::size_t i = 0; i < items(words).size(); ++i)
        add_endpoints(caller.endpoints, inv, s, words->items[i], true, [&] { return c.at(t, {list, std::to_string(i)}); });
    }
  }
  for (const Value& v : items(field(t.spec, "volumes"))) {
    if (std::string_view name = str(dig(&v, {"configMap", "name"})); !name.empty())
      reads.push_back({caller.object, std::string(name), ""});
    for (const Value& source : items(dig(&v, {"projected", "sources"})))
      if (std::string_view name = str(dig(&source, {"configMap", "name"})); !name.empty())
        reads.push_back({caller.object, std::string(name), ""});
  }
  if (!caller.endpoints.empty()) callers.push_back(std::move(caller));
}

}  // namespace

void FlowFacts::collect(const ObjectContext& ctx, Inventory& inv) {
  const Subject& s = ctx.subject;
  if (ctx.pod) collect_pod(ctx, inv, callers, reads);
  if (!s.id.group().empty()) {
    if (s.id.group() == "networking.k8s.io" && s.kind() == "NetworkPolicy")
      policies.add(read_policy(s.ns(), s.spec()));
    return;
  }
  if (s.kind() == "ConfigMap") {
    std::vector<std::pair<std::string, EndpointUse>> named;
    std::vector<EndpointUse> found;
    for (const auto& [key, value] : entries(field(s.body, "data"))) {
      add_endpoints(found, inv, s, value, false, [&] { return Path{"data", key.text}; });
      for (EndpointUse& e : found) named.emplace_back(key.text, std::move(e));
      found.clear();
    }
    if (!named.empty()) configmaps.push_back({s.ns(), s.name(), std::move(named)});
  } else if (s.kind() == "Namespace") {
    // The API server sets kubernetes.io/metadata.name to the name, whatever the manifest says.
    Labels labels = labels_of(dig(s.metadata(), {"labels"}));
    std::erase_if(labels, [](const auto& l) { return l.first == "kubernetes.io/metadata.name"; });
    labels.emplace_back("kubernetes.io/metadata.name", s.name());
    std::sort(labels.begin(), labels.end());
    namespace_labels[s.name()] = std::move(labels);
  }
}

Labels FlowFacts::labels_of_namespace(const std::string& ns) const {
  auto it = namespace_labels.find(ns);
  if (it != namespace_labels.end()) return it->second;
  return {{"kubernetes.io/metadata.name", ns}};
}

}  // namespace bg::check
