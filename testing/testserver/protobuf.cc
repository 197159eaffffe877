#include "testing/testserver/protobuf.h"

#include <openssl/evp.h>

#include <vector>

#include "common/base64.h"
#include "testing/testserver/protowire.h"

namespace bg::testserver {

using nlohmann::json;

namespace {

using protowire::Field;

std::optional<std::vector<Field>> fields(const std::string& s) { return protowire::parse(s); }

// A map<string, X> entry: key = 1, value = 2.
bool map_entry(const std::string& bytes, json& into, bool base64_value) {
  auto fs = fields(bytes);
  if (!fs) return false;
  std::string k, v;
  for (const Field& f : *fs) {
    if (f.number == 1) k = f.bytes;
    if (f.number == 2) v = f.bytes;
  }
  into[k] = base64_value ? base64_encode(v) : v;
  return true;
}

bool object_meta(const std::string& bytes, json& meta) {
  auto fs = fields(bytes);
  if (!fs) return false;
  meta = json::object();
  for (const Field& f : *fs) {
    switch (f.number) {
      case 1: meta["name"] = f.bytes; break;
      case 2: meta["generateName"] = f.bytes; break;
      case 3: meta["namespace"] = f.bytes; break;
      case 11: if (!map_entry(f.bytes, meta["labels"], false)) return false; break;
      case 12: if (!map_entry(f.bytes, meta["annotations"], false)) return false; break;
      case 14: meta["finalizers"].push_back(f.bytes); break;
      default: break;  // server-owned fields a create does not send
    }
  }
  return true;
}

}  // namespace

std::optional<json> decode_protobuf_object(const std::string& body, std::string& error) {
  if (body.size() < 4 || body.compare(0, 4, std::string("k8s\0", 4)) != 0) {
    error = "the protobuf body lacks the k8s magic prefix";
    return std::nullopt;
  }
  auto envelope = fields(body.substr(4));
  if (!envelope) {
    error = "the protobuf envelope is malformed";
    return std::nullopt;
  }
  json obj = json::object();
  std::string raw;
  for (const Field& f : *envelope) {
    if (f.number == 1) {
      for (const Field& t : fields(f.bytes).value_or(std::vector<Field>{})) {
        if (t.number == 1) obj["apiVersion"] = t.bytes;
        if (t.number == 2) obj["kind"] = t.bytes;
      }
    }
    if (f.number == 2) raw = f.bytes;
  }
  std::string kind = obj.value("kind", "");
  auto fs = fields(raw);
  if (!fs) {
    error = "the protobuf object is malformed";
    return std::nullopt;
  }
  const bool known = kind == "Namespace" || kind == "ConfigMap" || kind == "Secret" || kind == "ServiceAccount";
  if (!known) {
    error = "the test server decodes protobuf only for Namespace, ConfigMap, Secret and ServiceAccount, not " + kind;
    return std::nullopt;
  }
  for (const Field& f : *fs) {
    bool ok = true;
    if (f.number == 1) {
      ok = object_meta(f.bytes, obj["metadata"]);
    } else if (kind == "Namespace" && f.number == 2) {
      for (const Field& s : fields(f.bytes).value_or(std::vector<Field>{}))
        if (s.number == 1) obj["spec"]["finalizers"].push_back(s.bytes);
    } else if (kind == "ConfigMap" && (f.number == 2 || f.number == 3)) {
      ok = map_entry(f.bytes, obj[f.number == 2 ? "data" : "binaryData"], f.number == 3);
    } else if (kind == "ConfigMap" && f.number == 4) {
      obj["immutable"] = f.varint != 0;
    } else if (kind == "Secret" && (f.number == 2 || f.number == 4)) {
      ok = map_entry(f.bytes, obj[f.number == 2 ? "data" : "stringData"], f.number == 2);
    } else if (kind == "Secret" && f.number == 3) {
      obj["type"] = f.bytes;
    } else if (kind == "Secret" && f.number == 5) {
      obj["immutable"] = f.varint != 0;
    }
    if (!ok) {
      error = "the protobuf object is malformed";
      return std::nullopt;
    }
  }
  return obj;
}

}  // namespace bg::testserver
