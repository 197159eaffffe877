#include "testserver/patch.h"

#include <algorithm>

namespace bg::testserver {

using nlohmann::json;

namespace {

bool keyed_by_name(const json& list) {
  if (!list.is_array() || list.empty()) return false;
  return std::all_of(list.begin(), list.end(), [](const json& e) { return e.is_object() && e.contains("name"); });
}

json merge_lists(const json& target, const json& patch) {
  json out = target.is_array() ? target : json::array();
  for (const json& p : patch) {
    std::string name = p.value("name", "");
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const json& e) { return e.is_object() && e.value("name", "") == name; });
    if (p.value("$patch", "") == "delete") {
      if (it != out.end()) out.erase(it);
    } else if (it != out.end()) {
      *it = strategic_merge(*it, p);
    } else {
      out.push_back(strategic_merge(json::object(), p));
    }
  }
  return out;
}

}  // namespace

json strategic_merge(const json& target, const json& patch) {
  if (!patch.is_object()) return patch;
  if (patch.value("$patch", "") == "replace") {
    json copy = patch;
    copy.erase("$patch");
    return copy;
  }
  json out = target.is_object() ? target : json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& k = it.key();
    if (k.rfind("$setElementOrder/", 0) == 0 || k == "$retainKeys" || k == "$patch") continue;
    if (k.rfind("$deleteFromPrimitiveList/", 0) == 0) {
      std::string field = k.substr(std::string("$deleteFromPrimitiveList/").size());
      if (out.contains(field) && out[field].is_array()) {
        json kept = json::array();
        for (const json& v : out[field])
          if (std::find(it.value().begin(), it.value().end(), v) == it.value().end()) kept.push_back(v);
        out[field] = kept;
      }
      continue;
    }
    if (it.value().is_null()) {
      out.erase(k);
    } else if (it.value().is_object()) {
      out[k] = strategic_merge(out.contains(k) ? out[k] : json::object(), it.value());
    } else if (keyed_by_name(it.value()) && out.contains(k) && out[k].is_array()) {
      out[k] = merge_lists(out[k], it.value());
    } else if (keyed_by_name(it.value())) {
      out[k] = merge_lists(json::array(), it.value());
    } else {
      out[k] = it.value();
    }
  }
  return out;
}

std::optional<json> apply_patch(const json& target, const std::string& content_type, const std::string& body,
                                std::string& error) {
  json patch = json::parse(body, nullptr, false);
  if (patch.is_discarded()) {
    error = "the body of the request was in an unknown format";
    return std::nullopt;
  }
  std::string ct = content_type.substr(0, content_type.find(';'));
  if (ct == "application/json-patch+json") {
    try {
      return target.patch(patch);
    } catch (const json::exception& e) {
      error = e.what();
      return std::nullopt;
    }
  }
  if (!patch.is_object()) {
    error = "the patch is not an object";
    return std::nullopt;
  }
  if (ct == "application/merge-patch+json") {
    json out = target;
    out.merge_patch(patch);
    return out;
  }
  if (ct == "application/strategic-merge-patch+json") return strategic_merge(target, patch);
  error = "the content type \"" + content_type + "\" is not a patch type this server supports";
  return std::nullopt;
}

}  // namespace bg::testserver
