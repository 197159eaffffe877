// Label and field selectors as they arrive in a list or watch query (`labelSelector=app=web,tier
// in (a,b),!legacy`, `fieldSelector=metadata.name=x,status.phase!=Running`).
//
// Parsing follows the apimachinery grammar closely enough for kubectl and controllers: =, ==, !=,
// in, notin, exists (`key`) and does-not-exist (`!key`) for labels; =, ==, != on dotted paths for
// fields. A malformed selector is a 400, so parse returns an error message instead of guessing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::testserver {

struct Requirement {
  enum class Op { kEquals, kNotEquals, kIn, kNotIn, kExists, kNotExists };
  std::string key;
  Op op = Op::kEquals;
  std::vector<std::string> values;
};

struct Selector {
  std::vector<Requirement> requirements;  // all must hold; empty selects everything
  bool is_field = false;

  bool matches(const nlohmann::json& object) const;
};

// Returns the selector, or sets `error` and returns nullopt.
std::optional<Selector> parse_label_selector(const std::string& text, std::string& error);
std::optional<Selector> parse_field_selector(const std::string& text, std::string& error);

}  // namespace bg::testserver
