// no-literal-secret: credentials live in Secrets. A literal password in an env value or a ConfigMap
// is readable by anyone who may read the workload or the ConfigMap, lands in git, in `kubectl get -o
// yaml`, in logs and diffs. Betelgeuse's own render never does this: its env refers to Secrets by
// name (valueFrom.secretKeyRef).
#include "check/rules/credentials.h"
#include "check/rules/rules.h"

namespace bg::check::rules {

void literal_secrets(const ObjectContext& c, Out& out) {
  for (const ContainerRef& k : c.containers) {
    const Value* env = field(k.container, "env");
    if (!is_array(env)) continue;
    for (std::size_t i = 0; i < env->items.size(); ++i) {
      const Value& e = env->items[i];
      std::string_view name = str(field(e, "name"));
      const Value* value = field(e, "value");
      std::string_view v = str(value);
      if (v.empty()) continue;
      std::string who = "container \"" + std::string(k.name()) + "\": env " + std::string(name);
      const std::string hint = "move the value into a Secret and refer to it with valueFrom.secretKeyRef";
      Path where = k.at(*c.pod, {"env", std::to_string(i), "value"});
      if (auto kind = credentials::credential_kind(v)) {
        out.add("no-literal-secret", std::move(where), who + " holds " + *kind + " as a literal value", hint);
      } else if (credentials::is_credential_name(name) && !credentials::is_placeholder(v)) {
        out.add("no-literal-secret", std::move(where), who + " holds a literal credential", hint);
      }
    }
  }

  const Subject& s = c.subject;
  if (!s.id.group().empty() || s.kind() != "ConfigMap") return;
  const Value* data = field(s.body, "data");
  if (!is_object(data)) return;
  const std::string hint = "put it in a Secret and mount or reference that instead";
  for (const auto& [key_node, value] : data->entries) {
    const std::string& key = key_node.text;
    std::string_view v = str(&value);
    if (v.empty()) continue;
    std::string what = "ConfigMap key \"" + key + "\"";
    if (auto kind = credentials::credential_kind(v)) {
      out.add("no-literal-secret", {"data", key}, what + " holds " + *kind, hint);
    } else if (credentials::is_credential_name(key) && !credentials::is_placeholder(v)) {
      out.add("no-literal-secret", {"data", key}, what + " holds a credential", hint);
    } else if (auto line = credentials::credential_line(v)) {
      out.add("no-literal-secret", {"data", key},
              what + " holds a credential on line " + std::to_string(*line) + " of its text", hint);
    }
  }
}

}  // namespace bg::check::rules
