#include "check/subject.h"

namespace bg::check {

SourceLocation Subject::at(const Path& path, bool key) const {
  if (!located) return fallback;
  yaml::Mark m = yaml::locate(body, path, key);
  return SourceLocation{fallback.file, m.line, m.col};
}

manifest::ObjectId object_id(const Value& body) {
  manifest::ObjectId id;
  std::string_view api = str(field(body, "apiVersion"));
  std::size_t slash = api.find('/');
  if (slash != std::string_view::npos) id.group = std::string(api.substr(0, slash));
  id.kind = std::string(str(field(body, "kind")));
  const Value* meta = field(body, "metadata");
  id.ns = std::string(str(field(meta, "namespace")));
  id.name = std::string(str(field(meta, "name")));
  return id;
}

}  // namespace bg::check
