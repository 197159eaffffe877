#include "catalog/kube_shapes.h"

namespace bg::catalog {

namespace {

constexpr int64_t kMaxId = 2147483647;  // the API server's bound on user and group IDs

// A seccomp or AppArmor profile.
Shape profile_shape() {
  return mapping_shape({field("type", string_shape({"RuntimeDefault", "Localhost", "Unconfined"}), true),
                        field("localhostProfile", string_shape())});
}

}  // namespace

const Shape& resources_shape() {
  static const Shape shape = [] {
    Shape amounts = mapping_shape({field("cpu", quantity_shape()), field("memory", quantity_shape())});
    return mapping_shape({field("requests", amounts), field("limits", amounts)});
  }();
  return shape;
}

const Shape& security_context_shape() {
  static const Shape shape = mapping_shape({
      field("runAsUser", int_shape(0, kMaxId)),
      field("runAsGroup", int_shape(0, kMaxId)),
      field("runAsNonRoot", bool_shape()),
      field("readOnlyRootFilesystem", bool_shape()),
      field("allowPrivilegeEscalation", bool_shape()),
      field("privileged", bool_shape()),
      field("capabilities", mapping_shape({field("add", strings_shape())})),
      field("seccompProfile", profile_shape()),
      field("appArmorProfile", profile_shape()),
      field("seLinuxOptions", mapping_shape({field("user", string_shape()), field("role", string_shape()),
                                             field("type", string_shape()), field("level", string_shape())})),
      field("procMount", string_shape({"Default", "Unmasked"})),
  });
  return shape;
}

const Shape& policy_rules_shape() {
  static const Shape shape = list_shape(mapping_shape({
      field("apiGroups", strings_shape()),
      field("resources", strings_shape()),
      field("resourceNames", strings_shape()),
      field("nonResourceURLs", strings_shape()),
      field("verbs", strings_shape(), true),
  }));
  return shape;
}

const Shape& webhook_rules_shape() {
  static const Shape shape = list_shape(mapping_shape({
      field("apiGroups", strings_shape()),
      field("apiVersions", strings_shape()),
      field("operations", strings_shape({"CREATE", "UPDATE", "DELETE", "CONNECT", "*"})),
      field("resources", strings_shape()),
      field("scope", string_shape({"Cluster", "Namespaced", "*"})),
  }));
  return shape;
}

const Shape& label_selector_shape() {
  static const Shape shape = [] {
    Shape expression = mapping_shape({field("key", string_shape(), true),
                                      field("operator", string_shape({"In", "NotIn", "Exists", "DoesNotExist"}), true),
                                      field("values", strings_shape())});
    return mapping_shape({field("matchLabels", string_map_shape()), field("matchExpressions", list_shape(expression))});
  }();
  return shape;
}

}  // namespace bg::catalog
