// The fast path (see fast_path.h): a line-oriented reader for block-style YAML.
//
// Shape: a cursor over lines (start, end, indentation), and one function per construct — block
// mapping, block sequence, literal block scalar, one-line scalar, one-line flow list. Every
// function returns false the moment it sees something outside the subset ("bail"); the document
// being read is then dropped and libyaml reads it again from its start. Being conservative is the
// whole design: when in doubt, bail. Children are built in place in their collection's vector
// (nothing else touches it while the collection is read), so a child is never copied or moved twice.
#include "yaml/fast_path.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace bg::yaml::internal {
namespace {

}  // namespace

// Tabs and carriage returns make indentation and line rules subtle; NEL, LS and PS are line breaks
// to libyaml; a byte order mark may start a document.
std::size_t first_special(std::string_view t) {
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  const std::size_t n = t.size();
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = p[i];
    if (c >= 0x20 && c < 0x80) continue;
    if (c == '\n') continue;
    if (c == '\t' || c == '\r') return i;
    if (c == 0xC2 && i + 1 < n && p[i + 1] == 0x85) return i;
    if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) return i;
    if (c == 0xEF && i + 2 < n && p[i + 1] == 0xBB && p[i + 2] == 0xBF) return i;
    if (c < 0x20) return i;  // the caller rejects these anyway
  }
  return std::string_view::npos;
}

namespace {

// Characters that may not start a plain scalar (YAML's c-indicators), except '-' which may when a
// non-space follows.
bool is_indicator(char c) {
  switch (c) {
    case '-': case '?': case ':': case ',': case '[': case ']': case '{': case '}': case '#':
    case '&': case '*': case '!': case '|': case '>': case '\'': case '"': case '%': case '@':
    case '`':
      return true;
    default:
      return false;
  }
}

constexpr std::size_t kMaxKeyBytes = 512;  // libyaml refuses simple keys over 1024 characters
constexpr int kMaxFastDepth = 500;          // stay clear of any nesting limit libyaml may have
constexpr std::size_t kSmallMapping = 16;   // keys searched one by one below this

class FastReader {
 public:
  FastReader(std::string_view text, std::size_t special, const LoadLimits& limits, bool per_document,
             const std::function<void(Document&&)>& sink)
      : t_(text.data()), n_(text.size()), limits_(limits), per_document_(per_document), sink_(sink),
        special_(special), max_depth_(std::min(limits.max_depth, kMaxFastDepth)) {}

  FastProgress run();

 private:
  // ---- lines ----
  void load_line(std::size_t start) {
    ls_ = start;
    const void* nl = std::memchr(t_ + start, '\n', n_ - start);
    le_ = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - t_) : n_;
    std::size_t i = start;
    while (i < le_ && t_[i] == ' ') ++i;
    ind_ = static_cast<int>(i - start);
    clean_ = special_ >= le_;
  }
  void next_line() {
    if (le_ >= n_) {
      eof_ = true;
      ls_ = le_ = n_;
      ind_ = 0;
      return;
    }
    ++line_;
    load_line(le_ + 1);
  }
  bool blank() const { return ls_ + static_cast<std::size_t>(ind_) == le_; }
  bool comment() const { return !blank() && t_[ls_ + ind_] == '#'; }
  // Skips blank and comment-only lines; false when one of them holds a byte we do not read.
  bool skip_insignificant() {
    while (!eof_ && (blank() || comment())) {
      if (!clean_) return false;
      next_line();
    }
    return eof_ || clean_;
  }
  // "---" or "..." at column 1 followed by a space or the end of the line.
  bool at_marker() const {
    if (eof_ || ind_ != 0 || le_ - ls_ < 3) return false;
    const char* p = t_ + ls_;
    bool dashes = p[0] == '-' && p[1] == '-' && p[2] == '-';
    bool dots = p[0] == '.' && p[1] == '.' && p[2] == '.';
    return (dashes || dots) && (le_ - ls_ == 3 || p[3] == ' ');
  }
  Mark mark(std::size_t offset) const { return Mark{line_, static_cast<int>(offset - ls_ + 1)}; }
  // After a complete value at `p`: only spaces, then the end of the line or a comment.
  bool rest_is_empty(std::size_t p) const {
    std::size_t i = p;
    while (i < le_ && t_[i] == ' ') ++i;
    return i == le_ || (t_[i] == '#' && i > p);
  }
  bool is_seq_entry(std::size_t p) const { return t_[p] == '-' && (p + 1 == le_ || t_[p + 1] == ' '); }

  // ---- counting ----
  bool count() {
    if (nodes_ >= limits_.max_nodes) return false;
    ++nodes_;
    return true;
  }
  bool open() {
    if (depth_ >= max_depth_) return false;
    ++depth_;
    return count();
  }

  // ---- constructs ----
  // Each fills `out`, which the caller passes default-constructed (usually a fresh element of its
  // collection's vector), and leaves the cursor on the line after the construct's last line.
  bool node_on_line(std::size_t p, int parent, Node& out);
  bool mapping(std::size_t first, Node& out);
  bool sequence(std::size_t first, Node& out);
  bool key(std::size_t p, Node& out, std::size_t& after);
  bool looks_like_key(std::size_t p) const;
  bool inline_value(std::size_t p, int parent, Node& out);
  bool plain(std::size_t p, Node& out, std::size_t& end);
  bool single_quoted(std::size_t p, std::string& text, std::size_t& end) const;
  bool double_quoted(std::size_t p, std::string& text, std::size_t& end) const;
  bool literal(std::size_t p, int parent, Node& out);
  bool flow(std::size_t p, Node& out);
  bool value_after_key(std::size_t after_colon, int indent, Node& out);
  bool document(Node& root);

  const char* t_;
  std::size_t n_;
  const LoadLimits& limits_;
  bool per_document_;
  const std::function<void(Document&&)>& sink_;
  std::size_t special_;
  int max_depth_;

  std::size_t ls_ = 0, le_ = 0;  // the current line: [ls_, le_), le_ at '\n' or the end
  int line_ = 1;
  int ind_ = 0;
  bool clean_ = true;  // the current line holds no special byte
  bool eof_ = false;

  std::size_t nodes_ = 0;
  int depth_ = 0;
};

// A scalar key at `p` followed by ':' and a space or the end of the line; `after` is just past ':'.
bool FastReader::key(std::size_t p, Node& out, std::size_t& after) {
  char c = t_[p];
  std::size_t colon;
  if (c == '"' || c == '\'') {
    std::size_t end;
    std::string text;
    if (!(c == '"' ? double_quoted(p, text, end) : single_quoted(p, text, end))) return false;
    colon = end;
    if (colon >= le_ || t_[colon] != ':') return false;
    out.kind = NodeKind::kString;
    out.text = std::move(text);
    out.quoted = true;
  } else {
    if (is_indicator(c) && !(c == '-' && p + 1 < le_ && t_[p + 1] != ' ')) return false;
    std::size_t i = p;
    for (;; ++i) {
      if (i == le_) return false;
      char ch = t_[i];
      if (ch == ':' && (i + 1 == le_ || t_[i + 1] == ' ')) break;
      if (ch == '#' && t_[i - 1] == ' ') return false;
      if (ch == '[' || ch == ']' || ch == '{' || ch == '}' || ch == ',' || ch == '"' || ch == '\'') return false;
    }
    if (t_[i - 1] == ' ') return false;
    colon = i;
    resolve_plain_scalar(std::string_view(t_ + p, i - p), out);
  }
  if (colon - p > kMaxKeyBytes) return false;
  if (colon + 1 < le_ && t_[colon + 1] != ' ') return false;
  out.mark = mark(p);
  after = colon + 1;
  return count();
}

bool FastReader::looks_like_key(std::size_t p) const {
  char c = t_[p];
  if (c == '"' || c == '\'') {
    char q = c;
    for (std::size_t i = p + 1; i < le_; ++i) {
      if (t_[i] == '\\' && q == '"') {
        ++i;
        continue;
      }
      if (t_[i] == q) {
        if (q == '\'' && i + 1 < le_ && t_[i + 1] == '\'') {
          ++i;
          continue;
        }
        return i + 1 < le_ && t_[i + 1] == ':';
      }
    }
    return false;
  }
  for (std::size_t i = p; i < le_; ++i) {
    if (t_[i] == ':' && (i + 1 == le_ || t_[i + 1] == ' ')) return true;
    if (t_[i] == '#' && i > p && t_[i - 1] == ' ') return false;
  }
  return false;
}

bool FastReader::single_quoted(std::size_t p, std::string& text, std::size_t& end) const {
  std::size_t i = p + 1, run = i;
  for (;;) {
    if (i >= le_) return false;  // multi-line: libyaml folds the lines
    if (t_[i] == '\'') {
      text.append(t_ + run, i - run);
      if (i + 1 < le_ && t_[i + 1] == '\'') {
        text += '\'';
        i += 2;
        run = i;
        continue;
      }
      end = i + 1;
      return true;
    }
    ++i;
  }
}

bool FastReader::double_quoted(std::size_t p, std::string& text, std::size_t& end) const {
  std::size_t i = p + 1, run = i;
  for (;;) {
    if (i >= le_) return false;
    char c = t_[i];
    if (c == '"') {
      text.append(t_ + run, i - run);
      end = i + 1;
      return true;
    }
    if (c == '\\') {
      if (i + 1 >= le_) return false;
      text.append(t_ + run, i - run);
      switch (t_[i + 1]) {
        case '\\': text += '\\'; break;
        case '"': text += '"'; break;
        case '/': text += '/'; break;
        case 'n': text += '\n'; break;
        case 't': text += '\t'; break;
        default: return false;
      }
      i += 2;
      run = i;
      continue;
    }
    ++i;
  }
}

// A plain scalar in a value position, ending at the end of the line or a comment.
bool FastReader::plain(std::size_t p, Node& out, std::size_t& end) {
  char c = t_[p];
  if (is_indicator(c) && !(c == '-' && p + 1 < le_ && t_[p + 1] != ' ')) return false;
  std::size_t i = p, last = p;  // last: one past the last non-space
  for (; i < le_; ++i) {
    char ch = t_[i];
    if (ch == ' ') {
      if (i + 1 < le_ && t_[i + 1] == '#') break;
      continue;
    }
    if (ch == ':' && (i + 1 == le_ || t_[i + 1] == ' ')) return false;  // "a: b: c"
    last = i + 1;
  }
  resolve_plain_scalar(std::string_view(t_ + p, last - p), out);
  out.mark = mark(p);
  end = last;
  return count();
}

// A literal block scalar whose indicator `|` is at `p`; its content lines follow.
bool FastReader::literal(std::size_t p, int parent, Node& out) {
  if (parent < 0) return false;
  std::size_t i = p + 1;
  bool strip = false;
  if (i < le_ && t_[i] == '-') {
    strip = true;
    ++i;
  }
  if (i < le_ && t_[i] != ' ') return false;  // |+, |2, >, ... are libyaml's
  if (!rest_is_empty(i)) return false;
  out.kind = NodeKind::kString;
  out.quoted = true;
  out.mark = mark(p);
  if (!count()) return false;
  next_line();
  int leading = 0;
  std::size_t longest_blank = 0;
  while (!eof_ && blank()) {
    if (!clean_) return false;
    longest_blank = std::max(longest_blank, le_ - ls_);
    ++leading;
    next_line();
  }
  if (!eof_ && !clean_) return false;
  if (eof_ || ind_ <= parent) return leading == 0;  // no content: "" (blank lines are libyaml's)
  const int indent = ind_;
  if (longest_blank > static_cast<std::size_t>(indent)) return false;
  std::string& s = out.text;
  s.append(static_cast<std::size_t>(leading), '\n');
  int breaks = 0;
  bool first = true, last_break = true;
  while (!eof_) {
    if (!clean_) return false;
    if (blank()) {
      if (le_ - ls_ > static_cast<std::size_t>(indent)) return false;
      ++breaks;
      next_line();
      continue;
    }
    if (ind_ < indent) break;
    if (!first) s.append(static_cast<std::size_t>(breaks) + 1, '\n');
    first = false;
    breaks = 0;
    s.append(t_ + ls_ + indent, le_ - ls_ - indent);
    last_break = le_ < n_;
    next_line();
  }
  if (!strip && last_break) s += '\n';  // clip keeps the last line break, if the text has one
  return true;
}

// A one-line flow collection: `{}` or a list of scalars like `[a, "b", 3]`.
bool FastReader::flow(std::size_t p, Node& out) {
  out.mark = mark(p);
  if (!open()) return false;
  --depth_;  // flow collections hold only scalars here; the depth only had to fit
  std::size_t i = p + 1;
  while (i < le_ && t_[i] == ' ') ++i;
  if (t_[p] == '{') {
    if (i >= le_ || t_[i] != '}') return false;
    out.kind = NodeKind::kMapping;
    return rest_is_empty(i + 1);
  }
  out.kind = NodeKind::kSequence;
  return [&] {
    if (i < le_ && t_[i] == ']') return rest_is_empty(i + 1);
    for (;;) {
      if (i >= le_) return false;
      char c = t_[i];
      Node& item = out.items.emplace_back();
      if (c == '"' || c == '\'') {
        std::size_t end;
        if (!(c == '"' ? double_quoted(i, item.text, end) : single_quoted(i, item.text, end))) return false;
        item.kind = NodeKind::kString;
        item.quoted = true;
        item.mark = mark(i);
        i = end;
      } else {
        if (is_indicator(c) && !(c == '-' && i + 1 < le_ && t_[i + 1] != ' ' && t_[i + 1] != ',' && t_[i + 1] != ']'))
          return false;
        std::size_t s = i, last = i;
        for (; i < le_; ++i) {
          char ch = t_[i];
          if (ch == ',' || ch == ']') break;
          if (ch == '[' || ch == '{' || ch == '}' || ch == ':' || ch == '#' || ch == '"' || ch == '\'') return false;
          if (ch != ' ') last = i + 1;
        }
        resolve_plain_scalar(std::string_view(t_ + s, last - s), item);
        item.mark = mark(s);
      }
      if (!count()) return false;
      while (i < le_ && t_[i] == ' ') ++i;
      if (i >= le_) return false;
      if (t_[i] == ']') return rest_is_empty(i + 1);
      if (t_[i] != ',') return false;
      ++i;
      while (i < le_ && t_[i] == ' ') ++i;
      if (i < le_ && t_[i] == ']') return false;  // a trailing comma: libyaml's
    }
  }();
}

// A scalar (or flow collection, or block scalar) that starts at `p`, after "key: " or "- ".
bool FastReader::inline_value(std::size_t p, int parent, Node& out) {
  char c = t_[p];
  if (c == '|') return literal(p, parent, out);
  if (c == '[' || c == '{') {
    if (!flow(p, out)) return false;
    next_line();
    return true;
  }
  std::size_t end;
  if (c == '"' || c == '\'') {
      if (!(c == '"' ? double_quoted(p, out.text, end) : single_quoted(p, out.text, end))) return false;
    if (!rest_is_empty(end) || (end < le_ && t_[end] == '#')) return false;
    out.kind = NodeKind::kString;
    out.quoted = true;
    out.mark = mark(p);
    if (!count()) return false;
  } else if (!plain(p, out, end)) {
    return false;
  }
  next_line();
  return true;
}

// Any node starting at `p` on the current line: a block sequence, a block mapping or a scalar.
bool FastReader::node_on_line(std::size_t p, int parent, Node& out) {
  if (is_seq_entry(p)) return sequence(p, out);
  if (looks_like_key(p)) return mapping(p, out);
  return inline_value(p, parent, out);
}

// The value of a mapping entry whose ':' ends at `after_colon`.
bool FastReader::value_after_key(std::size_t after_colon, int indent, Node& out) {
  std::size_t v = after_colon;
  while (v < le_ && t_[v] == ' ') ++v;
  if (v < le_ && t_[v] != '#') {
    if (is_seq_entry(v)) return false;  // "a: - b"; plain() and rest_is_empty() refuse "a: b: c"
    return inline_value(v, indent, out);
  }
  Mark empty = mark(after_colon);
  next_line();
  if (!skip_insignificant()) return false;
  if (!eof_ && !at_marker()) {
    std::size_t p = ls_ + static_cast<std::size_t>(ind_);
    if (ind_ > indent) return node_on_line(p, indent, out);
    if (ind_ == indent && is_seq_entry(p)) return sequence(p, out);  // indentless
  }
  out.mark = empty;
  return count();
}

bool FastReader::mapping(std::size_t first, Node& out) {
  const int indent = static_cast<int>(first - ls_);
  out.kind = NodeKind::kMapping;
  out.mark = mark(first);
  if (!open()) return false;
  // Entries are read in place: nothing else touches this vector until the mapping ends, since a
  // nested collection fills its own. Most mappings in manifests are small.
  std::vector<std::pair<Node, Node>>& entries = out.entries;
  entries.reserve(4);
  std::unique_ptr<std::unordered_set<std::string>> seen;  // only for big mappings
  std::size_t p = first;
  for (;;) {
    entries.emplace_back();
    Node& k = entries.back().first;
    std::size_t after;
    if (!key(p, k, after)) return false;
    // Duplicate keys are the libyaml path's error to report. Small mappings are searched; big ones
    // (a ConfigMap with thousands of keys) get a set, so reading stays linear.
    const std::size_t before = entries.size() - 1;
    if (before < kSmallMapping) {
      for (std::size_t e = 0; e < before; ++e)
        if (entries[e].first.text == k.text) return false;
    } else {
      if (!seen) {
        seen = std::make_unique<std::unordered_set<std::string>>();
        for (std::size_t e = 0; e < before; ++e) seen->insert(entries[e].first.text);
      }
      if (!seen->insert(k.text).second) return false;
    }
    if (!value_after_key(after, indent, entries.back().second)) return false;
    if (!skip_insignificant()) return false;
    if (eof_ || at_marker() || ind_ < indent) break;
    if (ind_ > indent) return false;
    p = ls_ + static_cast<std::size_t>(indent);
  }
  --depth_;
  return true;
}

bool FastReader::sequence(std::size_t first, Node& out) {
  const int indent = static_cast<int>(first - ls_);
  out.kind = NodeKind::kSequence;
  out.mark = mark(first);
  if (!open()) return false;
  std::vector<Node>& items = out.items;  // read in place, as in mapping()
  items.reserve(2);
  std::size_t p = first;
  for (;;) {
    items.emplace_back();
    Node& item = items.back();
    std::size_t v = p + 1;
    while (v < le_ && t_[v] == ' ') ++v;
    if (v < le_ && t_[v] != '#') {
      if (!node_on_line(v, indent, item)) return false;
    } else {
      Mark empty = mark(p + 1);
      next_line();
      if (!skip_insignificant()) return false;
      if (!eof_ && !at_marker() && ind_ > indent) {
        if (!node_on_line(ls_ + static_cast<std::size_t>(ind_), indent, item)) return false;
      } else {
        item.mark = empty;
        if (!count()) return false;
      }
    }
    if (!skip_insignificant()) return false;
    if (eof_ || at_marker() || ind_ < indent) break;
    if (ind_ > indent) return false;
    p = ls_ + static_cast<std::size_t>(indent);
    if (!is_seq_entry(p)) break;  // the next key of the mapping holding an indentless sequence
  }
  --depth_;
  return true;
}

// One document's root collection, starting on the current (significant) line.
bool FastReader::document(Node& root) {
  std::size_t p = ls_ + static_cast<std::size_t>(ind_);
  if (is_seq_entry(p)) {
    if (!sequence(p, root)) return false;
  } else if (looks_like_key(p)) {
    if (!mapping(p, root)) return false;
  } else {
    return false;  // a scalar or flow document: rare in manifests, libyaml's
  }
  if (!skip_insignificant()) return false;
  return eof_ || (at_marker() && t_[ls_] == '-');
}

FastProgress FastReader::run() {
  if (n_ == 0) return {0, 0};
  load_line(0);
  for (;;) {
    const std::size_t doc_begin = ls_;
    const std::size_t nodes_before = nodes_;
    auto bail = [&] { return FastProgress{doc_begin, nodes_before}; };
    if (!skip_insignificant()) return bail();
    if (eof_) return {n_, nodes_};
    if (t_[ls_] == '%' || !clean_) return bail();
    Mark start;
    bool explicit_start = false;
    if (at_marker()) {
      if (t_[ls_] == '.' || !rest_is_empty(ls_ + 3)) return bail();
      start = Mark{line_, 1};
      explicit_start = true;
      next_line();
      if (!skip_insignificant()) return bail();
      if (eof_ || at_marker()) {
        // An empty document: libyaml reads it as one empty scalar (counted) that load() drops. A
        // "..." after it is libyaml's: a stream may not be resumed at one.
        if (!eof_ && t_[ls_] == '.') return bail();
        if (per_document_) nodes_ = 0;
        if (!count()) return bail();
        continue;
      }
    }
    if (per_document_) nodes_ = 0;
    Node root;
    if (!document(root)) {
      nodes_ = per_document_ ? 0 : nodes_before;
      return FastProgress{doc_begin, nodes_};
    }
    if (!explicit_start) start = root.mark;
    sink_(Document{std::move(root), start});
  }
}

}  // namespace

FastProgress read_fast(std::string_view text, std::size_t special, const LoadLimits& limits, bool per_document,
                       const std::function<void(Document&&)>& sink) {
  FastReader reader(text, special, limits, per_document, sink);
  return reader.run();
}

}  // namespace bg::yaml::internal
