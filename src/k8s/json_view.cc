#include "k8s/json_view.h"

#include <cmath>

namespace bg::k8s {

JsonView JsonView::operator[](std::string_view key) const {
  if (j_ == nullptr || !j_->is_object()) return {};
  auto it = j_->find(key);
  return it == j_->end() ? JsonView() : JsonView(*it);
}

JsonView JsonView::operator[](std::size_t index) const {
  if (j_ == nullptr || !j_->is_array() || index >= j_->size()) return {};
  return JsonView((*j_)[index]);
}

std::string JsonView::str(std::string_view fallback) const {
  return j_ != nullptr && j_->is_string() ? j_->get_ref<const std::string&>() : std::string(fallback);
}

long long JsonView::integer(long long fallback) const {
  if (j_ == nullptr) return fallback;
  if (j_->is_number_integer()) return j_->get<long long>();
  if (j_->is_number_float()) {
    double d = j_->get<double>();
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9e18) return static_cast<long long>(d);
  }
  return fallback;
}

bool JsonView::boolean(bool fallback) const { return j_ != nullptr && j_->is_boolean() ? j_->get<bool>() : fallback; }

double JsonView::number(double fallback) const {
  return j_ != nullptr && j_->is_number() ? j_->get<double>() : fallback;
}

std::vector<JsonView> JsonView::items() const {
  std::vector<JsonView> out;
  if (j_ == nullptr || !j_->is_array()) return out;
  out.reserve(j_->size());
  for (const nlohmann::json& item : *j_) out.emplace_back(item);
  return out;
}

std::vector<std::string> JsonView::strings() const {
  std::vector<std::string> out;
  for (JsonView item : items())
    if (item.is_string()) out.push_back(item.str());
  return out;
}

std::vector<std::pair<std::string_view, JsonView>> JsonView::members() const {
  std::vector<std::pair<std::string_view, JsonView>> out;
  if (j_ == nullptr || !j_->is_object()) return out;
  out.reserve(j_->size());
  for (auto it = j_->begin(); it != j_->end(); ++it) out.emplace_back(it.key(), JsonView(it.value()));
  return out;
}

}  // namespace bg::k8s
