#include "common/text_diff.h"

#include <algorithm>
#include <vector>

namespace bg {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

enum class Op { kKeep, kRemove, kAdd };
struct Edit {
  Op op;
  std::size_t a, b;  // line indexes in a and b (the one that applies)
};

// Myers' greedy forward algorithm, keeping each round's frontier to walk the path back.
std::vector<Edit> shortest_edit(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size()), max = n + m;
  const long offset = max + 1;
  std::vector<long> v(static_cast<std::size_t>(2 * max + 3), 0);
  std::vector<std::vector<long>> trace;
  long found_d = 0;
  for (long d = 0; d <= max; ++d) {
    trace.push_back(v);
    bool done = false;
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) ++x, ++y;
      v[offset + k] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    if (done) {
      found_d = d;
      break;
    }
  }
  std::vector<Edit> edits;
  long x = n, y = m;
  for (long d = found_d; d > 0; --d) {
    const std::vector<long>& prev = trace[static_cast<std::size_t>(d)];
    long k = x - y;
    long prev_k = (k == -d || (k != d && prev[offset + k - 1] < prev[offset + k + 1])) ? k + 1 : k - 1;
    long prev_x = prev[offset + prev_k], prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) edits.push_back({Op::kKeep, static_cast<std::size_t>(--x), static_cast<std::size_t>(--y)});
    if (x == prev_x) edits.push_back({Op::kAdd, static_cast<std::size_t>(x), static_cast<std::size_t>(--y)});
    else edits.push_back({Op::kRemove, static_cast<std::size_t>(--x), static_cast<std::size_t>(y)});
  }
  while (x > 0 && y > 0) edits.push_back({Op::kKeep, static_cast<std::size_t>(--x), static_cast<std::size_t>(--y)});
  std::reverse(edits.begin(), edits.end());
  return edits;
}

std::string range(std::size_t start, std::size_t count) {
  // diff -u numbers lines from 1; an empty range names the line before it.
  if (count == 0) return std::to_string(start) + ",0";
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(std::string_view a_text, std::string_view b_text, std::string_view a_label,
                         std::string_view b_label, DiffOptions options) {
  std::vector<std::string_view> a = lines_of(a_text), b = lines_of(b_text);
  std::vector<Edit> edits = shortest_edit(a, b);
  if (std::all_of(edits.begin(), edits.end(), [](const Edit& e) { return e.op == Op::kKeep; })) return "";
  const char* red = options.color ? "\033[31m" : "";
  const char* green = options.color ? "\033[32m" : "";
  const char* cyan = options.color ? "\033[36m" : "";
  const char* reset = options.color ? "\033[0m" : "";
  std::string out = std::string(options.color ? "\033[1m" : "") + "--- " + std::string(a_label) + "\n+++ " +
                    std::string(b_label) + reset + "\n";
  const std::size_t ctx = static_cast<std::size_t>(std::max(0, options.context));
  std::size_t i = 0;
  while (i < edits.size()) {
    if (edits[i].op == Op::kKeep) {
      ++i;
      continue;
    }
    // A hunk runs from `ctx` lines before the first change to `ctx` lines after the last one whose
    // neighbour changes are no further than 2*ctx apart.
    std::size_t start = i >= ctx ? i - ctx : 0, end = i;
    while (true) {
      while (end < edits.size() && edits[end].op != Op::kKeep) ++end;
      std::size_t next = end;
      while (next < edits.size() && edits[next].op == Op::kKeep && next - end < 2 * ctx + 1) ++next;
      if (next < edits.size() && edits[next].op != Op::kKeep) end = next;
      else break;
    }
    std::size_t stop = std::min(edits.size(), end + ctx);
    std::size_t a_start = edits[start].a, b_start = edits[start].b, a_count = 0, b_count = 0;
    std::string body;
    for (std::size_t j = start; j < stop; ++j) {
      const Edit& e = edits[j];
      if (e.op == Op::kKeep) {
        body += " " + std::string(a[e.a]) + "\n";
        ++a_count, ++b_count;
      } else if (e.op == Op::kRemove) {
        body += red + ("-" + std::string(a[e.a])) + reset + "\n";
        ++a_count;
      } else {
        body += green + ("+" + std::string(b[e.b])) + reset + "\n";
        ++b_count;
      }
    }
    out += std::string(cyan) + "@@ -" + range(a_start, a_count) + " +" + range(b_start, b_count) + " @@" + reset + "\n";
    out += body;
    i = stop;
  }
  return out;
}

}  // namespace bg
