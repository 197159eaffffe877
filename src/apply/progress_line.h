// One wave's progress line, fitted to the terminal's width.
//
// A wave's line has parts of different worth: which wave, how far (counts), how long, then what
// it waits for, then which components it holds. fit() keeps the first three whole and gives the
// rest what room is left, in that order: the awaited object's reason is cut with "…" before its
// name or age are, the label ("level 0") gives way rather than cut it, the component list is
// shortened from the end ("argo-server, cert-manager +17"), and a part that does not fit at all is
// left out. The result is never wider than asked, so a terminal never wraps it.
// Pure functions of their arguments: the printer (progress.h) owns the clock and the width.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bg::apply {

struct WaveLine {
  std::string head{};                     // "wave 3/6"
  std::string label{};                    // "level 0", "definitions"
  std::vector<std::string> components{};  // listed after the label ("level 0: a, b"); empty: label alone
  std::string counts{};                   // "applying 12/184", "healthy 80/184"
  std::string elapsed{};                  // "12 s", "done in 14 s"
  // What the wave waits for, when anything: the slowest member, why, and for how long.
  std::string waiting_object{};           // "statefulset/elasticsearch"
  std::string waiting_reason{};           // "Ready: 0/1"
  std::string waiting_age{};              // "42 s"
};

// The line in at most `columns` display columns.
std::string fit(const WaveLine& line, std::size_t columns);

// The first items, comma-separated, then "+N" for the rest, in at most `columns`; at least the
// first item even when that is wider. Empty for no items.
std::string shorten_list(const std::vector<std::string>& items, std::size_t columns);

// `text` in at most `columns`, its end replaced by "…" when cut.
std::string truncate_to(std::string_view text, std::size_t columns);

// Display columns of UTF-8 text (one per code point: our lines hold no wide characters).
std::size_t display_width(std::string_view text);

// "0 s", "42 s", "5 m 03 s", "1 h 02 m": whole seconds, rounded down.
std::string duration_text(std::chrono::milliseconds d);

}  // namespace bg::apply
