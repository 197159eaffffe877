// The Catalog: every blueprint Betelgeuse knows, by name.
//
// The built-in catalog is parsed from the blueprint files embedded in the binary; a broken built-in
// blueprint is a bug in Betelgeuse and is caught by the catalog's own tests. add() is also the
// entry point for user blueprints, so its errors are ordinary located diagnostics: a value of the
// wrong shape (a string where a list belongs, a word where true/false does) is reported at the
// value's file:line:col with a hint, never as a JSON library exception.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/blueprint.h"
#include "diag/diagnostic.h"

namespace bg::catalog {

class Catalog {
 public:
  static const Catalog& builtin();

  // Adds one blueprint parsed from YAML text; problems go to diags (file:line:col).
  bool add(std::string_view text, const std::string& file, Diagnostics& diags);

  // Cross-blueprint references: dependencies name known components, and what a dependent reads from
  // a provider's provisioned credentials is what the provider provisions.
  void check_edges(Diagnostics& diags) const;

  const Blueprint* find(std::string_view name) const;
  std::vector<std::string> names() const;
  const std::map<std::string, Blueprint, std::less<>>& all() const { return blueprints_; }

 private:
  std::map<std::string, Blueprint, std::less<>> blueprints_;
};

}  // namespace bg::catalog
