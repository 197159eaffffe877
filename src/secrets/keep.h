// Never rotate by accident: the Secret apply sends is the live one wherever the live one exists.
//
// build_secret() draws fresh values every time it runs; apply must not send them over values the
// platform already uses (a new Postgres password in the Secret would lock every client out of a
// database initialised with the old one). keep_existing() takes the fresh Secret and the live
// one and returns what to apply: every key the live Secret holds keeps its bytes exactly (copied
// as base64 `data`, so binary values survive), keys missing live are added from the fresh values,
// and only an explicit rotation (`betelgeuse secrets rotate NAME`) replaces the lot. Server-side
// apply removes fields a manager stops sending, so the kept values must be sent every time: this
// is why the result always carries every key.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/base64.h"

namespace bg::secrets {

struct KeptSecret {
  nlohmann::json secret;              // to apply: `data` holds every key, base64
  std::vector<std::string> kept;      // keys whose live bytes were kept
  std::vector<std::string> created;   // keys that had no live value
  bool rotated = false;
};

// `fresh` as build_secret() returns it (stringData); `live` the Secret from the server, or null.
KeptSecret keep_existing(const nlohmann::json& fresh, const nlohmann::json& live, bool rotate = false);

using bg::base64_encode;

}  // namespace bg::secrets
