// What looks like a credential: names (DB_PASSWORD, apiKey, client-secret) and values (private
// keys, cloud access keys, tokens with well-known prefixes, passwords inside URLs).
//
// Used by no-literal-secret. Names are split into words (at _ - . and lower-to-upper case changes)
// and a name is a credential when a word says so (password, secret, token, ...) and its last word
// does not say it is only about one (SECRET_NAME, PASSWORD_FILE, TOKEN_TTL). Values never leave
// these functions: messages name the kind of credential, never the credential.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bg::check::credentials {

bool is_credential_name(std::string_view name);

// Values that are not literal credentials: empty, references ($(VAR), ${VAR}, {{ template }}),
// placeholders (<...>), file paths, booleans.
bool is_placeholder(std::string_view value);

// What kind of credential the value itself is ("a private key", "a password inside a URL", ...),
// whatever its name; nothing when it looks like none.
std::optional<std::string> credential_kind(std::string_view value);

// In a configuration file's text (a ConfigMap value): the 1-based line of the first
// `password = ...`, `"token": "..."` or similar assignment of a literal credential.
std::optional<int> credential_line(std::string_view text);

}  // namespace bg::check::credentials
