// Percent-encoding (RFC 3986 §2.1): every byte outside the unreserved set, and outside `keep`,
// becomes %XX. The client escapes path segments and query values with it; SARIF reports escape
// file paths into URIs (keeping '/').
#pragma once

#include <string>
#include <string_view>

namespace bg {

std::string percent_encode(std::string_view text, std::string_view keep = "");

}  // namespace bg
