#include "check/subject.h"

namespace bg::check {

SourceLocation Subject::at(const Path& path, bool key) const {
  if (!located) return fallback;
  yaml::Mark m = yaml::locate(body, path, key);
  return SourceLocation{fallback.file, m.line, m.col};
}

k8s::ObjectRef object_id(const Value& body) {
  k8s::ObjectRef id;
  id.api_version = std::string(str(field(body, "apiVersion")));
  id.kind = std::string(str(field(body, "kind")));
  const Value* meta = field(body, "metadata");
  id.ns = std::string(str(field(meta, "namespace")));
  id.name = std::string(str(field(meta, "name")));
  return id;
}

}  // namespace bg::check
