#include "testing/testserver/openapi_v2_proto.h"

#include "testing/testserver/protowire.h"

namespace bg::testserver {

using nlohmann::json;
using protowire::put_bool;
using protowire::put_message;
using protowire::put_string;

namespace {

// Field numbers from gnostic's OpenAPIv2.proto, message by message.
namespace document { constexpr int swagger = 1, info = 2, paths = 8; }
namespace info { constexpr int title = 1, version = 2; }
namespace paths { constexpr int path = 2; }
namespace named { constexpr int name = 1, value = 2; }  // every Named* message
namespace path_item { constexpr int get = 2, put = 3, post = 4, del = 5, patch = 8; }
namespace operation {
constexpr int operation_id = 5, parameters = 8, responses = 9, vendor_extension = 13;
}
namespace parameters_item { constexpr int parameter = 1; }
namespace parameter { constexpr int non_body_parameter = 2; }
namespace non_body_parameter { constexpr int query = 3, path = 4; }
// QueryParameterSubSchema and PathParameterSubSchema share their first four numbers, not `type`.
namespace sub_schema { constexpr int required = 1, in = 2, description = 3, name = 4; }
namespace query_sub_schema { constexpr int type = 6, unique_items = 20; }
namespace path_sub_schema { constexpr int type = 5, unique_items = 19; }
namespace responses { constexpr int response_code = 1; }
namespace response_value { constexpr int response = 1; }
namespace response { constexpr int description = 1; }
namespace any { constexpr int yaml = 2; }

std::string named_message(const std::string& name, const std::string& value) {
  std::string out;
  put_string(out, named::name, name);
  put_message(out, named::value, value);
  return out;
}

std::string parameter_of(const json& p) {
  const std::string in = p.value("in", "");
  const bool query = in == "query";
  std::string sub;
  put_bool(sub, sub_schema::required, p.value("required", false));
  put_string(sub, sub_schema::in, in);
  put_string(sub, sub_schema::description, p.value("description", ""));
  put_string(sub, sub_schema::name, p.value("name", ""));
  put_string(sub, query ? query_sub_schema::type : path_sub_schema::type, p.value("type", ""));
  put_bool(sub, query ? query_sub_schema::unique_items : path_sub_schema::unique_items, p.value("uniqueItems", false));
  std::string non_body, param, item;
  put_message(non_body, query ? non_body_parameter::query : non_body_parameter::path, sub);
  put_message(param, parameter::non_body_parameter, non_body);
  put_message(item, parameters_item::parameter, param);
  return item;
}

std::string operation_of(const json& op) {
  std::string out;
  put_string(out, operation::operation_id, op.value("operationId", ""));
  for (const json& p : op.value("parameters", json::array()))
    if (p.value("in", "") == "query" || p.value("in", "") == "path") put_message(out, operation::parameters, parameter_of(p));
  if (op.contains("responses")) {
    std::string codes;
    for (const auto& [code, r] : op["responses"].items()) {
      std::string desc, value;
      put_string(desc, response::description, r.value("description", ""));
      put_message(value, response_value::response, desc);
      put_message(codes, responses::response_code, named_message(code, value));
    }
    put_message(out, operation::responses, codes);
  }
  for (const auto& [key, value] : op.items()) {
    if (key.rfind("x-", 0) != 0) continue;
    std::string yaml;
    put_string(yaml, any::yaml, value.dump());
    put_message(out, operation::vendor_extension, named_message(key, yaml));
  }
  return out;
}

std::string path_item_of(const json& item) {
  std::string out;
  static const std::pair<const char*, int> kVerbs[] = {{"get", path_item::get},       {"put", path_item::put},
                                                       {"post", path_item::post},     {"delete", path_item::del},
                                                       {"patch", path_item::patch}};
  for (const auto& [verb, number] : kVerbs)
    if (item.contains(verb)) put_message(out, number, operation_of(item[verb]));
  return out;
}

}  // namespace

std::string encode_openapi_v2(const json& doc) {
  std::string out;
  put_string(out, document::swagger, doc.value("swagger", ""));
  if (doc.contains("info")) {
    std::string i;
    put_string(i, info::title, doc["info"].value("title", ""));
    put_string(i, info::version, doc["info"].value("version", ""));
    put_message(out, document::info, i);
  }
  std::string p;
  const json paths = doc.value("paths", json::object());  // items() of a temporary would dangle
  for (const auto& [path, item] : paths.items())
    put_message(p, paths::path, named_message(path, path_item_of(item)));
  put_message(out, document::paths, p);
  return out;
}

}  // namespace bg::testserver
