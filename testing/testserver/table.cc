#include "testing/testserver/table.h"

#include <ctime>

#include "k8s/conditions.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

struct Column {
  std::string name;
  std::string type;
  std::function<json(const json&)> cell;
};

std::string str(const json& o, std::initializer_list<const char*> path) {
  const json* cur = &o;
  for (const char* k : path) {
    if (!cur->is_object() || !cur->contains(k)) return "";
    cur = &(*cur)[k];
  }
  return cur->is_string() ? cur->get<std::string>() : cur->is_number() ? cur->dump() : "";
}

int64_t num(const json& o, std::initializer_list<const char*> path) {
  const json* cur = &o;
  for (const char* k : path) {
    if (!cur->is_object() || !cur->contains(k)) return 0;
    cur = &(*cur)[k];
  }
  return cur->is_number_integer() ? cur->get<int64_t>() : 0;
}

std::chrono::system_clock::time_point parse_time(const std::string& ts) {
  std::tm tm{};
  if (!strptime(ts.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return {};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::vector<Column> columns_for(const ResourceType& rt) {
  auto text = [](std::initializer_list<const char*> path) {
    std::vector<const char*> p(path);
    return [p](const json& o) {
      const json* cur = &o;
      for (const char* k : p) {
        if (!cur->is_object() || !cur->contains(k)) return json("");
        cur = &(*cur)[k];
      }
      return cur->is_string() ? *cur : json(cur->dump());
    };
  };
  const std::string& k = rt.kind;
  if (k == "Namespace") return {{"Status", "string", text({"status", "phase"})}};
  if (k == "ConfigMap")
    return {{"Data", "string", [](const json& o) {
               return json(o.value("data", json::object()).size() + o.value("binaryData", json::object()).size());
             }}};
  if (k == "Secret")
    return {{"Type", "string", text({"type"})},
            {"Data", "string", [](const json& o) { return json(o.value("data", json::object()).size()); }}};
  if (k == "Pod")
    return {{"Ready", "string",
             [](const json& o) {
               const json st = o.value("status", json::object());
               std::size_t total = o.value("spec", json::object()).value("containers", json::array()).size(), ready = 0;
               for (const json& c : st.value("containerStatuses", json::array()))
                 if (c.value("ready", false)) ++ready;
               return json(std::to_string(ready) + "/" + std::to_string(total));
             }},
            {"Status", "string", text({"status", "phase"})},
            {"Restarts", "string", [](const json&) { return json("0"); }}};
  if (k == "Deployment")
    return {{"Ready", "string",
             [](const json& o) {
               return json(std::to_string(num(o, {"status", "readyReplicas"})) + "/" +
                           std::to_string(num(o, {"spec", "replicas"})));
             }},
            {"Up-to-date", "integer", [](const json& o) { return json(num(o, {"status", "updatedReplicas"})); }},
            {"Available", "integer", [](const json& o) { return json(num(o, {"status", "availableReplicas"})); }}};
  if (k == "StatefulSet")
    return {{"Ready", "string", [](const json& o) {
               return json(std::to_string(num(o, {"status", "readyReplicas"})) + "/" +
                           std::to_string(num(o, {"spec", "replicas"})));
             }}};
  if (k == "Service")
    return {{"Type", "string", text({"spec", "type"})}, {"Cluster-IP", "string", text({"spec", "clusterIP"})}};
  if (k == "PersistentVolumeClaim")
    return {{"Status", "string", text({"status", "phase"})}, {"Volume", "string", text({"spec", "volumeName"})}};
  if (k == "Job")
    return {{"Status", "string", [](const json& o) {
               for (const k8s::Condition& c : k8s::conditions_of(o))
                 if (c.status == "True") return json(c.type);
               return json("Running");
             }}};
  return {};
}

}  // namespace

std::string human_age(std::chrono::seconds age) {
  long s = std::max<long>(0, static_cast<long>(age.count()));
  if (s < 120) return std::to_string(s) + "s";
  long m = s / 60;
  if (m < 10) return s % 60 ? std::to_string(m) + "m" + std::to_string(s % 60) + "s" : std::to_string(m) + "m";
  if (m < 180) return std::to_string(m) + "m";
  long h = m / 60;
  if (h < 8) return m % 60 ? std::to_string(h) + "h" + std::to_string(m % 60) + "m" : std::to_string(h) + "h";
  if (h < 48) return std::to_string(h) + "h";
  return std::to_string(h / 24) + "d";
}

bool wants_table(const std::string& accept) { return accept.find("as=Table") != std::string::npos; }

json to_table(const ResourceType& rt, const std::vector<json>& objects, const std::string& include_object,
              std::chrono::system_clock::time_point now, const json& list_metadata) {
  std::vector<Column> extra = columns_for(rt);
  json defs = json::array();
  defs.push_back({{"name", "Name"},
                  {"type", "string"},
                  {"format", "name"},
                  {"description", "Name must be unique within a namespace."},
                  {"priority", 0}});
  for (const Column& c : extra)
    defs.push_back({{"name", c.name}, {"type", c.type}, {"format", ""}, {"description", c.name}, {"priority", 0}});
  defs.push_back({{"name", "Age"},
                  {"type", "string"},
                  {"format", ""},
                  {"description", "CreationTimestamp is a timestamp representing the server time when this object "
                                  "was created."},
                  {"priority", 0}});
  json rows = json::array();
  for (const json& o : objects) {
    json cells = json::array();
    cells.push_back(str(o, {"metadata", "name"}));
    for (const Column& c : extra) cells.push_back(c.cell(o));
    auto created = parse_time(str(o, {"metadata", "creationTimestamp"}));
    cells.push_back(human_age(std::chrono::duration_cast<std::chrono::seconds>(now - created)));
    json row = {{"cells", cells}};
    if (include_object == "Object") {
      row["object"] = o;
    } else if (include_object != "None") {
      row["object"] = {{"kind", "PartialObjectMetadata"},
                       {"apiVersion", "meta.k8s.io/v1"},
                       {"metadata", o.value("metadata", json::object())}};
    }
    rows.push_back(row);
  }
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/v1"},
          {"metadata", list_metadata},
          {"columnDefinitions", defs},
          {"rows", rows}};
}

}  // namespace bg::testserver
