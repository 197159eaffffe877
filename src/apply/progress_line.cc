#include "apply/progress_line.h"

#include <fmt/format.h>

namespace bg::apply {
namespace {

constexpr std::string_view kSep = "  ";
// Less room than this for what the wave waits for says nothing useful: leave it out.
constexpr std::size_t kMinWaiting = 12;
// The shortest reason worth showing cut ("Rea…").
constexpr std::size_t kMinReason = 4;

std::string waiting_text(const WaveLine& l, std::size_t room) {
  if (l.waiting_object.empty() || room < kMinWaiting) return "";
  std::string age = ", " + l.waiting_age;
  std::string whole = l.waiting_object + " " + l.waiting_reason + age;
  if (display_width(whole) <= room) return whole;
  std::size_t fixed = display_width(l.waiting_object) + 1 + display_width(age);
  if (fixed + kMinReason <= room) return l.waiting_object + " " + truncate_to(l.waiting_reason, room - fixed) + age;
  return truncate_to(l.waiting_object + age, room);
}

std::string name_text(const WaveLine& l, std::size_t room) {
  if (l.components.empty()) return l.label;
  std::string prefix = l.label + ": ";
  std::size_t used = display_width(prefix);
  return prefix + shorten_list(l.components, room > used ? room - used : 0);
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string truncate_to(std::string_view text, std::size_t columns) {
  if (display_width(text) <= columns) return std::string(text);
  if (columns == 0) return "";
  std::string out;
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if ((c & 0xC0) != 0x80 && ++n == columns) break;  // the last column is the ellipsis's
    out += text[i];
  }
  return out + "…";
}

std::string shorten_list(const std::vector<std::string>& items, std::size_t columns) {
  std::string shortest;
  for (std::size_t k = items.size(); k >= 1; --k) {
    std::string s;
    for (std::size_t i = 0; i < k; ++i) s += (i ? ", " : "") + items[i];
    if (k < items.size()) s += fmt::format(" +{}", items.size() - k);
    if (display_width(s) <= columns) return s;
    shortest = std::move(s);
  }
  return shortest;
}

std::string duration_text(std::chrono::milliseconds d) {
  long long s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{} m {:02} s", s / 60, s % 60);
  return fmt::format("{} h {:02} m", s / 3600, s % 3600 / 60);
}

std::string fit(const WaveLine& l, std::size_t columns) {
  std::string tail = std::string(kSep) + l.counts + std::string(kSep) + l.elapsed;
  std::size_t fixed = display_width(l.head) + display_width(tail);
  if (fixed > columns) return truncate_to(l.head + tail, columns);
  std::size_t room = columns - fixed;

  // What the wave waits for comes first, then the label ("level 0") if it fits beside it without
  // cutting it, and the label's component list grows into whatever is still left: which member
  // holds a wave up says more than which components it holds.
  auto waiting_in = [&](std::size_t r) { return waiting_text(l, r >= kSep.size() ? r - kSep.size() : 0); };
  std::size_t label_cost = display_width(l.label) + kSep.size();
  std::string waiting = waiting_in(room);
  bool named = !l.label.empty() && label_cost <= room && display_width(waiting_in(room - label_cost)) == display_width(waiting);
  std::string name = named ? l.label : "";
  if (named) room -= label_cost;
  if (!waiting.empty()) room -= display_width(waiting) + kSep.size();
  if (named && !l.components.empty()) {
    std::string grown = name_text(l, display_width(name) + room);
    if (display_width(grown) <= display_width(name) + room) name = std::move(grown);
  }

  std::string out = l.head;
  if (named) out += std::string(kSep) + name;
  out += tail;
  if (!waiting.empty()) out += std::string(kSep) + waiting;
  return out;
}

}  // namespace bg::apply
