#include "testserver/protobuf.h"

#include <openssl/evp.h>

#include <cstdint>
#include <vector>

namespace bg::testserver {

using nlohmann::json;

namespace {

struct Field {
  int number = 0;
  int wire = 0;
  uint64_t varint = 0;
  std::string bytes;
};

bool varint(const std::string& s, std::size_t& i, uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 64 && i < s.size(); shift += 7) {
    auto b = static_cast<unsigned char>(s[i++]);
    out |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

std::optional<std::vector<Field>> fields(const std::string& s) {
  std::vector<Field> out;
  std::size_t i = 0;
  while (i < s.size()) {
    uint64_t key;
    if (!varint(s, i, key)) return std::nullopt;
    Field f;
    f.number = static_cast<int>(key >> 3);
    f.wire = static_cast<int>(key & 7);
    if (f.wire == 0) {
      if (!varint(s, i, f.varint)) return std::nullopt;
    } else if (f.wire == 2) {
      uint64_t len;
      if (!varint(s, i, len) || len > s.size() - i) return std::nullopt;
      f.bytes = s.substr(i, len);
      i += len;
    } else if (f.wire == 1) {
      i += 8;
    } else if (f.wire == 5) {
      i += 4;
    } else {
      return std::nullopt;
    }
    if (i > s.size()) return std::nullopt;
    out.push_back(std::move(f));
  }
  return out;
}

std::string b64(const std::string& in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// A map<string, X> entry: key = 1, value = 2.
bool map_entry(const std::string& bytes, json& into, bool base64_value) {
  auto fs = fields(bytes);
  if (!fs) return false;
  std::string k, v;
  for (const Field& f : *fs) {
    if (f.number == 1) k = f.bytes;
    if (f.number == 2) v = f.bytes;
  }
  into[k] = base64_value ? b64(v) : v;
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
