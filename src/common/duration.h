// Durations as kubectl's flags take them: "10s", "500ms", "1m30s", "2h"; a bare number is seconds.
//
// For --request-timeout. Units are Go's (ns, us, ms, s, m, h) and may be chained; a duration
// must be more than zero, because no command may wait without end.
#pragma once

#include <chrono>
#include <string_view>

#include "common/result.h"

namespace bg {

Result<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace bg
