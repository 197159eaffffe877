// The protobuf wire format, both ways, without generated code: read a message into its fields,
// and append fields to a message.
//
// The test server speaks protobuf in two places only, each with a handful of fields: it reads the
// Kubernetes objects kubectl's typed clients post (protobuf.h), and it writes the gnostic OpenAPI
// v2 Document older kubectl asks for (openapi_v2_proto.h). Hand-encoding those few fields keeps
// protoc and libprotobuf out of the build.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bg::testserver::protowire {

struct Field {
  int number = 0;
  int wire = 0;         // 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
  uint64_t varint = 0;  // wire 0
  std::string bytes;    // wire 2
};

// The fields of one message in the order they appear; nullopt when the bytes are not a message.
std::optional<std::vector<Field>> parse(const std::string& message);
// The fields numbered `number` of a message, in order (a repeated field, or the last of a singular
// one); a malformed message has none.
std::vector<Field> fields_numbered(const std::string& message, int number);

// Appending to a message. Proto3 leaves defaults out: empty strings and false are not written.
void put_string(std::string& message, int number, std::string_view value);
void put_message(std::string& message, int number, std::string_view encoded);  // written even if empty
void put_bool(std::string& message, int number, bool value);

}  // namespace bg::testserver::protowire
