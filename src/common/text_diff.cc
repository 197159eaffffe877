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

// Myers' greedy forward algorithm, keeping each round's frontier (only its 2d+1 live diagonals)
// to walk the path back: memory grows with the square of the change, not with its size times the
// texts' length. The common head and tail are kept without entering it, and when one side is left
// empty the edit is all additions or all removals: a new object (live side empty) costs its length.
std::vector<Edit> shortest_edit(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::size_t head = 0, tail = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  std::vector<Edit> edits;
  for (std::size_t i = 0; i < head; ++i) edits.push_back({Op::kKeep, i, i});
  const long n = static_cast<long>(a.size() - head - tail), m = static_cast<long>(b.size() - head - tail);
  auto at_a = [&](long x) { return a[head + static_cast<std::size_t>(x)]; };
  auto at_b = [&](long y) { return b[head + static_cast<std::size_t>(y)]; };
  std::vector<Edit> middle;
  if (n == 0 || m == 0) {
    for (long x = 0; x < n; ++x) middle.push_back({Op::kRemove, static_cast<std::size_t>(x), 0});
    for (long y = 0; y < m; ++y) middle.push_back({Op::kAdd, static_cast<std::size_t>(n), static_cast<std::size_t>(y)});
  } else {
    const long max = n + m, offset = max + 1;
    std::vector<long> v(static_cast<std::size_t>(2 * max + 3), 0);
    std::vector<std::vector<long>> trace;  // round d: v[offset-d .. offset+d] before the round
    auto saved = [&](long d, long k) { return trace[static_cast<std::size_t>(d)][static_cast<std::size_t>(k + d)]; };
    long found_d = 0;
    for (long d = 0; d <= max; ++d) {
      trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
      bool done = false;
      for (long k = -d; k <= d; k += 2) {
        long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
        long y = x - k;
        while (x < n && y < m && at_a(x) == at_b(y)) ++x, ++y;
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
    long x = n, y = m;
    for (long d = found_d; d > 0; --d) {
      long k = x - y;
      // The previous round's diagonals are k-1 and k+1 as seen before round d, both within ±d.
      long prev_k = (k == -d || (k != d && saved(d, k - 1) < saved(d, k + 1))) ? k + 1 : k - 1;
      long prev_x = saved(d, prev_k), prev_y = prev_x - prev_k;
      while (x > prev_x && y > prev_y) middle.push_back({Op::kKeep, static_cast<std::size_t>(--x), static_cast<std::size_t>(--y)});
      if (x == prev_x) middle.push_back({Op::kAdd, static_cast<std::size_t>(x), static_cast<std::size_t>(--y)});
      else middle.push_back({Op::kRemove, static_cast<std::size_t>(--x), static_cast<std::size_t>(y)});
    }
    while (x > 0 && y > 0) middle.push_back({Op::kKeep, static_cast<std::size_t>(--x), static_cast<std::size_t>(--y)});
    std::reverse(middle.begin(), middle.end());
  }
  for (const Edit& e : middle) edits.push_back({e.op, e.a + head, e.b + head});
  for (std::size_t i = 0; i < tail; ++i) edits.push_back({Op::kKeep, a.size() - tail + i, b.size() - tail + i});
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
