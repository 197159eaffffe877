#include "testing/testserver/protowire.h"

namespace bg::testserver::protowire {
namespace {

bool read_varint(const std::string& s, std::size_t& i, uint64_t& out) {
  out = 0;
  for (int shift = 0; shift < 64 && i < s.size(); shift += 7) {
    auto b = static_cast<unsigned char>(s[i++]);
    out |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_key(std::string& out, int number, int wire) {
  put_varint(out, (static_cast<uint64_t>(number) << 3) | static_cast<uint64_t>(wire));
}

}  // namespace

std::optional<std::vector<Field>> parse(const std::string& s) {
  std::vector<Field> out;
  std::size_t i = 0;
  while (i < s.size()) {
    uint64_t key;
    if (!read_varint(s, i, key)) return std::nullopt;
    Field f;
    f.number = static_cast<int>(key >> 3);
    f.wire = static_cast<int>(key & 7);
    if (f.wire == 0) {
      if (!read_varint(s, i, f.varint)) return std::nullopt;
    } else if (f.wire == 2) {
      uint64_t len;
      if (!read_varint(s, i, len) || len > s.size() - i) return std::nullopt;
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

std::vector<Field> fields_numbered(const std::string& message, int number) {
  std::vector<Field> out;
  for (Field& f : parse(message).value_or(std::vector<Field>{}))
    if (f.number == number) out.push_back(std::move(f));
  return out;
}

void put_string(std::string& message, int number, std::string_view value) {
  if (!value.empty()) put_message(message, number, value);
}

void put_message(std::string& message, int number, std::string_view encoded) {
  put_key(message, number, 2);
  put_varint(message, encoded.size());
  message.append(encoded);
}

void put_bool(std::string& message, int number, bool value) {
  if (!value) return;
  put_key(message, number, 0);
  put_varint(message, 1);
}

}  // namespace bg::testserver::protowire
