// JsonView: a read-only look into JSON that came from elsewhere — an API server, a controller, a
// person's manifest — that never throws and never assumes a shape.
//
// nlohmann::json's value() throws when a field has another type than its default, and a const
// operator[] on a missing key is undefined behaviour; real servers send both surprises (events
// with `lastTimestamp: null`, a field a newer version turned into an object). A JsonView steps by
// key and index; a step that is not there gives an absent view, and reading a value of another
// type gives the fallback. A view borrows the JSON it looks at, which must outlive it.
//
// Product code reads foreign JSON only through views (scripts/lint-foreign-json.sh keeps raw
// value()/at()/operator[] reads out of the folders that handle it). Declare views with their type,
// `JsonView meta = ...`, not `auto`: the lint knows a view by its declaration.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace bg::k8s {

class JsonView {
 public:
  JsonView() = default;                               // absent
  JsonView(const nlohmann::json& json) : j_(&json) {}  // NOLINT: any JSON can be viewed

  // The member `key` of an object, or absent.
  JsonView operator[](std::string_view key) const;
  // The item `index` of an array, or absent.
  JsonView operator[](std::size_t index) const;

  // Absent or null: nothing there to read.
  bool absent() const { return j_ == nullptr || j_->is_null(); }
  bool is_object() const { return j_ != nullptr && j_->is_object(); }
  bool is_array() const { return j_ != nullptr && j_->is_array(); }
  bool is_string() const { return j_ != nullptr && j_->is_string(); }
  // Whether the member `key` is there and not null.
  bool has(std::string_view key) const { return !(*this)[key].absent(); }

  // The string, or `fallback` when absent or not a string.
  std::string str(std::string_view fallback = {}) const;
  // The integer (a float without fraction counts, as in JSON), or `fallback`.
  long long integer(long long fallback = 0) const;
  // The boolean, or `fallback` when absent or not a boolean ("true" is a string, not a boolean).
  bool boolean(bool fallback = false) const;
  // Any number, integer or float, or `fallback`.
  double number(double fallback = 0) const;
  // An array's items; none when absent or not an array.
  std::vector<JsonView> items() const;
  // An array's items that are strings (the others skipped); none when absent or not an array.
  std::vector<std::string> strings() const;
  // An object's members in key order; none when absent or not an object. The keys borrow the JSON.
  std::vector<std::pair<std::string_view, JsonView>> members() const;

  // What the view looks at; null when absent.
  const nlohmann::json* json() const { return j_; }
  // A copy of what the view looks at; JSON null when absent.
  nlohmann::json copy() const { return j_ != nullptr ? *j_ : nlohmann::json(); }

 private:
  const nlohmann::json* j_ = nullptr;
};

}  // namespace bg::k8s
