// The YAML loader: libyaml events in, a Node tree with marks out, every problem a Diagnostic.
//
// Shape: the bytes are checked first (UTF-8, no NUL or control characters), so that libyaml only
// ever sees text it can read and every mark can be turned into a byte column. Then events are folded
// into Nodes with an explicit stack of open collections (no recursion, so deep input cannot overflow
// our stack). Limits are checked before work is done: a collection is refused before it is opened
// past max_depth, and an alias is refused before its copy would push the node count past max_nodes.
#include "yaml/loader.h"

#include <yaml.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>
#include <unordered_map>

#include "yaml/fast_path.h"

namespace bg::yaml {
namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";
constexpr std::size_t kMaxErrors = 100;    // beyond this, more messages only bury the first ones
constexpr std::size_t kCheckpointEvery = 64;  // characters between char->byte checkpoints

// `text` quoted for a message: control characters escaped and long texts shortened, so that a
// diagnostic stays one readable line whatever the key holds.
std::string quote(std::string_view text) {
  std::string out = "\"";
  std::size_t shown = 0;
  for (unsigned char c : text) {
    if (++shown > 60 && (c & 0xC0) != 0x80) {
      out += "...";
      break;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string mark_str(Mark m) { return std::to_string(m.line) + ":" + std::to_string(m.col); }

// Turns libyaml's character-counted marks into 1-based line and byte column, and rejects bytes that
// are not YAML text before libyaml sees them.
class SourceMap {
 public:
  // Returns false and fills the problem when the bytes are not acceptable YAML text.
  bool check(std::string_view text, std::size_t& bad_offset, std::string& message, std::string& hint);
  std::size_t byte_of_char(std::size_t char_index) const;
  Mark at_byte(std::size_t offset) const;
  // libyaml reads from byte `offset` on (the fast path read what comes before): its character
  // indexes count from there.
  void start_at(std::size_t offset);
  // What the fast path must not read (see internal::first_special), learnt while checking.
  std::size_t first_special() const { return first_special_; }
  Mark at(const yaml_mark_t& m) const { return at_byte(byte_of_char(m.index)); }

 private:
  std::string_view text_;
  std::size_t bom_ = 0;  // libyaml drops a UTF-8 BOM before it starts counting
  std::size_t base_chars_ = 0;  // characters before where libyaml starts reading
  std::size_t first_special_ = std::string_view::npos;
  bool ascii_ = true;
  std::vector<std::size_t> checkpoints_;  // byte offset of every kCheckpointEvery-th character
  std::vector<std::size_t> line_starts_;
};

bool SourceMap::check(std::string_view text, std::size_t& bad_offset, std::string& message,
                      std::string& hint) {
  text_ = text;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") bom_ = 3, first_special_ = 0;
  // Line 1 starts after the (invisible) BOM, so that a caret lines up under what an editor shows.
  line_starts_.push_back(bom_);
  std::size_t chars = 0;
  const std::size_t n = text.size();
  for (std::size_t i = bom_; i < n;) {
    if (static_cast<unsigned char>(text[i]) - 0x20u < 0x5Fu) {
      // Printable ASCII is nearly all of a manifest: take it a run at a time.
      std::size_t end = i + 1;
      while (end + 8 <= n) {  // eight bytes at a time: is any below 0x20, or 0x7F and up?
        uint64_t w;
        std::memcpy(&w, text.data() + end, 8);
        uint64_t below = (w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL;
        uint64_t above = ((w + 0x0101010101010101ULL) | w) & 0x8080808080808080ULL;
        if (below | above) break;
        end += 8;
      }
      while (end < n && static_cast<unsigned char>(text[end]) - 0x20u < 0x5Fu) ++end;
      const std::size_t run = end - i;
      for (std::size_t m = (chars + kCheckpointEvery - 1) / kCheckpointEvery * kCheckpointEvery; m < chars + run;
           m += kCheckpointEvery)
        checkpoints_.push_back(i + (m - chars) - bom_);
      chars += run;
      i = end;
      continue;
    }
    if (text[i] == '\n') {  // the other common byte
      if (chars++ % kCheckpointEvery == 0) checkpoints_.push_back(i - bom_);
      line_starts_.push_back(++i);
      continue;
    }
    if (chars++ % kCheckpointEvery == 0) checkpoints_.push_back(i - bom_);
    auto c = static_cast<unsigned char>(text[i]);
    uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0x80) {
      ascii_ = false;
      uint32_t min = 0;
      if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1F, min = 0x80;
      else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0F, min = 0x800;
      else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07, min = 0x10000;
      else len = 0;
      bool ok = len != 0 && i + len <= n;
      for (std::size_t k = 1; ok && k < len; ++k) {
        auto cc = static_cast<unsigned char>(text[i + k]);
        ok = (cc & 0xC0) == 0x80;
        cp = (cp << 6) | (cc & 0x3F);
      }
      if (!ok || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "the file is not valid UTF-8 (byte 0x%02x)", c);
        bad_offset = i, message = buf;
        hint = "save the file with UTF-8 encoding";
        return false;
      }
    }
    if (cp == 0) {
      bad_offset = i, message = "the file contains a NUL byte";
      hint = "YAML is text: remove the NUL byte, or check that this is the file you meant";
      return false;
    }
    bool control = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F ||
                   (cp >= 0x80 && cp <= 0x9F && cp != 0x85) || cp == 0xFFFE || cp == 0xFFFF;
    if (control) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "control character U+%04X is not allowed in YAML", cp);
      bad_offset = i, message = buf;
      std::snprintf(buf, sizeof buf, "remove it, or write it as \"\\u%04X\" inside double quotes", cp);
      hint = buf;
      return false;
    }
    if (c == '\n') line_starts_.push_back(i + 1);
    else if (first_special_ == std::string_view::npos &&
             (c == '\t' || c == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF))
      first_special_ = i;
    i += len;
  }
  return true;
}

void SourceMap::start_at(std::size_t offset) {
  base_chars_ = 0;
  for (std::size_t i = bom_; i < offset && i < text_.size(); ++i)
    base_chars_ += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
}

std::size_t SourceMap::byte_of_char(std::size_t char_index) const {
  char_index += base_chars_;
  std::size_t limit = text_.size() - bom_;
  if (ascii_) return bom_ + std::min(char_index, limit);
  std::size_t slot = char_index / kCheckpointEvery;
  if (slot >= checkpoints_.size()) return text_.size();
  std::size_t off = checkpoints_[slot];
  for (std::size_t k = slot * kCheckpointEvery; k < char_index && off < limit; ++k) {
    do ++off;
    while (off < limit && (static_cast<unsigned char>(text_[bom_ + off]) & 0xC0) == 0x80);
  }
  return bom_ + off;
}

Mark SourceMap::at_byte(std::size_t offset) const {
  offset = std::clamp(offset, bom_, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());  // >= 1: starts has 0
  return Mark{static_cast<int>(std::min<std::size_t>(line, INT32_MAX)),
              static_cast<int>(std::min<std::size_t>(offset - *(it - 1) + 1, INT32_MAX))};
}

// libyaml's problem texts, turned into messages that say what is wrong in the user's terms.
struct SyntaxMessage {
  std::string message;
  std::string hint;
  bool at_context = false;  // point at where the construct started rather than where it broke
};

SyntaxMessage explain(const yaml_parser_t& p, std::string_view text, const SourceMap& map) {
  std::string problem = p.problem ? p.problem : "unknown error";
  std::string context = p.context ? p.context : "";
  std::string where = mark_str(map.at(p.context_mark));
  auto has = [&](std::string_view s) { return problem.find(s) != std::string::npos; };
  auto ctx = [&](std::string_view s) { return context.find(s) != std::string::npos; };

  if (has("could not find expected ':'")) {
    return {"expected \":\" after this key",
            "a key and its \":\" must be on one line (and the key shorter than 1024 characters); "
            "quote text that only looks like a key",
            true};
  }
  if (has("mapping values are not allowed")) {
    return {"unexpected \":\" (a mapping cannot start here)",
            "quote the value if the \": \" is part of the text, or put the nested mapping on its own "
            "indented line"};
  }
  if (has("block sequence entries are not allowed")) {
    return {"unexpected \"-\" (a list cannot start here)",
            "start the list on its own line below the key, or quote the text if the \"-\" is part "
            "of it"};
  }
  if (has("mapping keys are not allowed")) {
    return {"unexpected \"?\" (a complex key cannot start here)",
            "quote the text if the \"?\" is part of it"};
  }
  if (has("tab character")) {
    return {"tab character used for indentation", "indent with spaces; YAML does not allow tabs there"};
  }
  if (has("cannot start any token")) {
    std::size_t off = map.byte_of_char(p.problem_mark.index);
    if (off < text.size() && text[off] == '\t') {
      return {"tab character used for indentation",
              "indent with spaces; YAML does not allow tabs there"};
    }
    // The whole character, not just its first byte, so the message stays valid UTF-8.
    std::size_t end = off + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    std::string c = off < text.size() ? std::string(text.substr(off, end - off)) : "end of file";
    return {"a value cannot start with " + quote(c),
            "quote the value if this character is part of the text"};
  }
  if (has("unexpected end of stream") && ctx("quoted scalar")) {
    return {"this quoted text is never closed", "add the closing quote", true};
  }
  if (has("unexpected document indicator") && ctx("quoted scalar")) {
    return {"a \"---\" or \"...\" line ends the document inside this quoted text",
            "close the quote before the line, or indent the continuation", true};
  }
  if (has("unknown escape character")) {
    return {"unknown escape sequence in double-quoted text",
            "write a backslash as \"\\\\\", or use single quotes, where backslashes are literal"};
  }
  if (has("Unicode character escape") || has("hexdecimal number")) {
    return {"invalid \\x, \\u or \\U escape in double-quoted text",
            "write the code point in hexadecimal, like \"\\u00e9\""};
  }
  if (has("did not find expected key")) {
    return {"expected a key at this indentation (in the mapping that starts at " + where + ")",
            "check the indentation: all keys of a mapping start in the same column"};
  }
  if (has("did not find expected '-' indicator")) {
    return {"expected a \"- \" list item (in the list that starts at " + where + ")",
            "check the indentation: all items of a list start in the same column"};
  }
  if (has("did not find expected node content")) {
    return {"expected a value here", "write a value, or quote it if it starts with a special character"};
  }
  if (has("',' or ']'")) {
    return {"expected \",\" or \"]\" (in the list that starts at " + where + ")",
            "separate items with commas and close the list with \"]\""};
  }
  if (has("',' or '}'")) {
    return {"expected \",\" or \"}\" (in the mapping that starts at " + where + ")",
            "separate entries with commas and close the mapping with \"}\""};
  }
  if (has("alphabetic or numeric character") && (ctx("anchor") || ctx("alias"))) {
    return {"expected an anchor or alias name after \"&\" or \"*\"",
            "quote the value if the \"&\" or \"*\" is part of the text"};
  }
  if (has("<document start>")) {
    return {"expected the start of a document (\"---\") here",
            "only comments and directives may follow \"...\"; remove the stray text"};
  }
  if (has("undefined tag handle")) {
    return {"undefined tag handle", "declare the handle with a %TAG directive, or remove the tag"};
  }
  if (has("incompatible YAML document")) {
    return {"unsupported YAML version", "use \"%YAML 1.2\", or remove the directive"};
  }
  if (has("comment or line break") && ctx("block scalar")) {
    return {"unexpected text after the block scalar indicator",
            "start the text of a \"|\" or \">\" block on the next line"};
  }
  std::string message = problem;
  if (!context.empty()) message += " (" + context + " that starts at " + where + ")";
  return {message, "check the YAML syntax here; quoting the value often helps"};
}

struct Anchored {
  Node node;
  std::size_t size = 0;  // nodes in the subtree, aliases expanded
  int height = 0;        // collection levels in the subtree
};

// One open sequence or mapping.
struct Frame {
  Node node;
  std::string anchor;
  std::size_t count_at_start = 0;
  int child_height = 0;
  bool has_key = false;  // mappings: a key is waiting for its value
  bool key_ok = false;
  Node key;
  std::unordered_map<std::string, Mark> seen;  // mappings: key text -> first occurrence
};

class Loader {
 public:
  Loader(std::string_view text, const std::string& file, const LoadLimits& limits, bool per_document,
         const std::function<void(Document&&)>& sink, LoadResult& out)
      : text_(text), file_(file), limits_(limits), per_document_(per_document), sink_(sink), out_(out) {}
  void run();

 private:
  bool on_event(const yaml_event_t& e);
  bool on_scalar(const yaml_event_t& e);
  bool on_alias(const yaml_event_t& e);
  bool open(const yaml_event_t& e, NodeKind kind);
  bool close();
  void finish(Node n, int height, bool empty_document = false);
  bool key_allowed(Frame& f, const Node& key);
  bool count(std::size_t n);
  // Records an error; false once there are so many that going on would only add noise.
  bool error(Mark at, std::string message, std::string hint);

  std::string_view text_;
  const std::string& file_;
  LoadLimits limits_;
  bool per_document_;  // load_each: max_nodes bounds each document rather than the stream
  const std::function<void(Document&&)>& sink_;
  LoadResult& out_;
  std::size_t start_ = 0;  // byte where libyaml starts reading (the fast path read what is before)
  SourceMap map_;
  std::vector<Frame> frames_;
  std::unordered_map<std::string, Anchored> anchors_;
  std::unordered_map<std::string, int> open_anchors_;  // anchors of collections still open
  std::size_t nodes_ = 0;         // nodes in the stream so far, aliases expanded
  std::size_t anchor_nodes_ = 0;  // nodes copied into anchors_, bounded the same way
  std::size_t errors_ = 0;
  bool stopped_ = false;  // set once kMaxErrors is reached: later events are ignored
  Mark doc_start_;
};

bool Loader::error(Mark at, std::string message, std::string hint) {
  if (stopped_) return false;
  out_.diagnostics.error(SourceLocation{file_, at.line, at.col}, std::move(message), std::move(hint));
  if (++errors_ < kMaxErrors) return true;
  out_.diagnostics.error(SourceLocation{file_, at.line, at.col},
                         "too many errors; stopped reading the file here",
                         "fix the errors above and try again");
  stopped_ = true;
  return false;
}

bool Loader::count(std::size_t n) {
  if (n <= limits_.max_nodes && nodes_ <= limits_.max_nodes - n) {
    nodes_ += n;
    return true;
  }
  return false;
}

void Loader::run() {
  std::size_t bad = 0;
  std::string message, hint;
  if (!map_.check(text_, bad, message, hint)) {
    Mark m = map_.at_byte(bad);
    error(m, std::move(message), std::move(hint));
    return;
  }
  if (limits_.fast_path) {
    internal::FastProgress done = internal::read_fast(text_, map_.first_special(), limits_, per_document_, sink_);
    if (done.resume >= text_.size()) return;
    start_ = done.resume;
    nodes_ = done.nodes;
    map_.start_at(start_);
  }
  const std::string_view rest = text_.substr(start_);
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) throw std::bad_alloc();
  struct ParserGuard {
    yaml_parser_t* p;
    ~ParserGuard() { yaml_parser_delete(p); }
  } parser_guard{&parser};
  static const unsigned char kEmpty[1] = {0};
  yaml_parser_set_input_string(
      &parser, rest.empty() ? kEmpty : reinterpret_cast<const unsigned char*>(rest.data()),
      rest.size());
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      if (parser.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
      if (parser.error == YAML_READER_ERROR) {
        error(map_.at_byte(start_ + parser.problem_offset),
              std::string(parser.problem ? parser.problem : "unreadable input"),
              "save the file as UTF-8 text");
        return;
      }
      SyntaxMessage s = explain(parser, text_, map_);
      error(map_.at(s.at_context ? parser.context_mark : parser.problem_mark), std::move(s.message),
            std::move(s.hint));
      return;
    }
    struct EventGuard {
      yaml_event_t* e;
      ~EventGuard() { yaml_event_delete(e); }
    } event_guard{&event};
    if (event.type == YAML_STREAM_END_EVENT || !on_event(event) || stopped_) return;
  }
}

bool Loader::on_event(const yaml_event_t& e) {
  switch (e.type) {
    case YAML_DOCUMENT_START_EVENT:
      if (per_document_) nodes_ = 0;
      // Anchors are scoped to their document.
      anchors_.clear();
      open_anchors_.clear();
      anchor_nodes_ = 0;
      doc_start_ = map_.at(e.start_mark);
      return true;
    case YAML_SCALAR_EVENT: return on_scalar(e);
    case YAML_ALIAS_EVENT: return on_alias(e);
    case YAML_SEQUENCE_START_EVENT: return open(e, NodeKind::kSequence);
    case YAML_MAPPING_START_EVENT: return open(e, NodeKind::kMapping);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: return close();
    default: return true;
  }
}

// Tags we honour, by their short name; "" for none and "!" for the non-specific tag.
std::string short_tag(const yaml_char_t* tag) {
  if (tag == nullptr) return "";
  std::string_view t(reinterpret_cast<const char*>(tag));
  if (t.substr(0, kCoreTagPrefix.size()) == kCoreTagPrefix) {
    return "!!" + std::string(t.substr(kCoreTagPrefix.size()));
  }
  return std::string(t);
}

bool is_supported_tag(std::string_view t) {
  return t.empty() || t == "!" || t == "!!str" || t == "!!int" || t == "!!bool" || t == "!!float" ||
         t == "!!null" || t == "!!map" || t == "!!seq";
}

constexpr const char* kTagHint =
    "remove the tag; Betelgeuse understands only !!str, !!int, !!float, !!bool, !!null, !!map and "
    "!!seq";

bool Loader::on_scalar(const yaml_event_t& e) {
  const auto& s = e.data.scalar;
  Mark mark = map_.at(e.start_mark);
  if (!count(1)) {
    error(mark, "the file has more than " + std::to_string(limits_.max_nodes) + " nodes",
          "split the file into smaller ones");
    return false;
  }
  std::string_view value(reinterpret_cast<const char*>(s.value), s.length);
  std::string tag = short_tag(s.tag);
  bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
  Node n;
  bool ok = true;
  if (!is_supported_tag(tag)) {
    ok = error(mark, "unsupported tag " + quote(tag), kTagHint);
  } else if (tag == "!!map" || tag == "!!seq") {
    ok = error(mark, "tag " + tag + " does not fit a scalar", "remove the tag");
  }
  if (tag.empty() && plain) {
    n = plain_scalar(value);
  } else if (tag == "!!int" || tag == "!!float" || tag == "!!bool" || tag == "!!null") {
    n = plain_scalar(value);
    NodeKind want = tag == "!!int"     ? NodeKind::kInt
                    : tag == "!!float" ? NodeKind::kFloat
                    : tag == "!!bool"  ? NodeKind::kBool
                                       : NodeKind::kNull;
    if (want == NodeKind::kFloat && n.kind == NodeKind::kInt) {
      n.kind = NodeKind::kFloat;
      n.float_value = static_cast<double>(n.int_value);
    }
    if (n.kind != want) {
      std::string what = want == NodeKind::kInt     ? "an integer"
                         : want == NodeKind::kFloat ? "a number"
                         : want == NodeKind::kBool  ? "a boolean (true or false)"
                                                    : "null";
      ok = error(mark, "cannot read " + quote(value) + " as " + what + " (tag " + tag + ")",
                 "write " + what + ", or remove the tag");
      n = Node{};
      n.kind = NodeKind::kString;
    }
  } else {
    n.kind = NodeKind::kString;
  }
  n.text = std::string(value);
  n.quoted = !plain;
  n.mark = mark;
  bool empty = plain && value.empty() && s.tag == nullptr && s.anchor == nullptr;
  if (s.anchor != nullptr) {
    anchors_[reinterpret_cast<const char*>(s.anchor)] = Anchored{n, 1, 0};
  }
  finish(std::move(n), 0, empty);
  return ok;
}

bool Loader::on_alias(const yaml_event_t& e) {
  Mark mark = map_.at(e.start_mark);
  std::string name = reinterpret_cast<const char*>(e.data.alias.anchor);
  auto it = anchors_.find(name);
  bool recursive = open_anchors_.count(name) != 0;
  if (recursive || it == anchors_.end()) {
    Node placeholder;  // keeps keys and values paired while the remaining errors are collected
    placeholder.mark = mark;
    finish(std::move(placeholder), 0);
    if (recursive) {
      return error(mark, "alias *" + name + " refers to a node that contains it",
                   "a node cannot include itself; copy the values you need instead");
    }
    return error(mark, "undefined alias *" + name,
                 "define the anchor with &" + name + " before this point in the same document");
  }
  const Anchored& a = it->second;
  // Both limits are checked before copying, so a billion-laughs file costs nothing to refuse.
  if (frames_.size() + static_cast<std::size_t>(a.height) > static_cast<std::size_t>(limits_.max_depth)) {
    error(mark, "nesting is deeper than " + std::to_string(limits_.max_depth) + " levels",
          "flatten the structure; this alias puts a deep subtree inside another");
    return false;
  }
  if (!count(a.size)) {
    error(mark, "alias expansion exceeds " + std::to_string(limits_.max_nodes) + " nodes",
          "the aliases in this file expand to too much data (a \"billion laughs\"); use fewer "
          "nested aliases");
    return false;
  }
  Node copy = a.node;
  copy.mark = mark;  // the copy is used here; the nodes inside keep pointing where they are written
  finish(std::move(copy), a.height);
  return true;
}

bool Loader::open(const yaml_event_t& e, NodeKind kind) {
  Mark mark = map_.at(e.start_mark);
  if (frames_.size() >= static_cast<std::size_t>(std::max(limits_.max_depth, 0))) {
    error(mark, "nesting is deeper than " + std::to_string(limits_.max_depth) + " levels",
          "flatten the structure; configuration never needs this many levels");
    return false;
  }
  if (!count(1)) {
    error(mark, "the file has more than " + std::to_string(limits_.max_nodes) + " nodes",
          "split the file into smaller ones");
    return false;
  }
  const yaml_char_t* raw_tag =
      kind == NodeKind::kMapping ? e.data.mapping_start.tag : e.data.sequence_start.tag;
  const yaml_char_t* raw_anchor =
      kind == NodeKind::kMapping ? e.data.mapping_start.anchor : e.data.sequence_start.anchor;
  std::string tag = short_tag(raw_tag);
  bool ok = true;
  if (!is_supported_tag(tag)) {
    ok = error(mark, "unsupported tag " + quote(tag), kTagHint);
  } else if (!tag.empty() && tag != "!" && tag != (kind == NodeKind::kMapping ? "!!map" : "!!seq")) {
    ok = error(mark, "tag " + tag + " does not fit " + a_kind_name(kind), "remove the tag");
  }
  Frame f;
  f.node.kind = kind;
  f.node.mark = mark;
  f.count_at_start = nodes_ - 1;
  if (raw_anchor != nullptr) {
    f.anchor = reinterpret_cast<const char*>(raw_anchor);
    ++open_anchors_[f.anchor];
  }
  frames_.push_back(std::move(f));
  return ok;
}

bool Loader::close() {
  if (frames_.empty()) return true;  // libyaml pairs start and end events; this is only defensive
  Frame f = std::move(frames_.back());
  frames_.pop_back();
  int height = f.child_height + 1;
  if (!f.anchor.empty()) {
    if (--open_anchors_[f.anchor] == 0) open_anchors_.erase(f.anchor);
    std::size_t size = nodes_ - f.count_at_start;
    // Keeping a copy per anchor could multiply memory with nested anchors, so copies share the
    // node budget too.
    if (size > limits_.max_nodes || anchor_nodes_ > limits_.max_nodes - size) {
      error(f.node.mark, "anchors copy more than " + std::to_string(limits_.max_nodes) + " nodes",
            "use fewer anchors around large nested values");
      return false;
    }
    anchor_nodes_ += size;
    anchors_[f.anchor] = Anchored{f.node, size, height};
  }
  finish(std::move(f.node), height);
  return true;
}

bool Loader::key_allowed(Frame& f, const Node& key) {
  if (!key.is_scalar()) {
    error(key.mark, "a mapping key must be a scalar, not " + a_kind_name(key.kind),
          "write the key as plain text");
    return false;
  }
  auto [it, inserted] = f.seen.emplace(key.text, key.mark);
  if (!inserted) {
    error(key.mark, "duplicate key " + quote(key.text),
          "the first " + quote(key.text) + " is at " + mark_str(it->second) + "; keep only one of them");
    return false;
  }
  return true;
}

void Loader::finish(Node n, int height, bool empty_document) {
  if (frames_.empty()) {
    if (!empty_document) sink_(Document{std::move(n), doc_start_});
    return;
  }
  Frame& f = frames_.back();
  f.child_height = std::max(f.child_height, height);
  if (f.node.kind == NodeKind::kSequence) {
    f.node.items.push_back(std::move(n));
  } else if (!f.has_key) {
    f.has_key = true;
    f.key_ok = key_allowed(f, n);
    f.key = std::move(n);
  } else {
    f.has_key = false;
    if (f.key_ok) f.node.entries.emplace_back(std::move(f.key), std::move(n));
  }
}

}  // namespace

namespace {

// Runs a Loader, turning what may escape it (running out of memory) into a diagnostic.
void run_loader(std::string_view text, const std::string& file, const LoadLimits& limits, bool per_document,
                const std::function<void(Document&&)>& sink, LoadResult& result) {
  try {
    Loader loader(text, file, limits, per_document, sink, result);
    loader.run();
  } catch (const std::bad_alloc&) {
    result.documents.clear();
    result.diagnostics.error(SourceLocation{file, 0, 0}, "out of memory while reading the file",
                             "check that this is the file you meant; it is too large to load");
  } catch (const std::exception& e) {
    result.documents.clear();
    result.diagnostics.error(SourceLocation{file, 0, 0},
                             std::string("internal error while reading YAML: ") + e.what(),
                             "please report this with the file that caused it");
  }
}

}  // namespace

LoadResult load(std::string_view text, const std::string& file, const LoadLimits& limits) {
  LoadResult result;
  std::function<void(Document&&)> keep = [&](Document&& d) { result.documents.push_back(std::move(d)); };
  run_loader(text, file, limits, false, keep, result);
  if (result.diagnostics.has_errors()) result.documents.clear();
  return result;
}

Diagnostics load_each(std::string_view text, const std::string& file, const std::function<void(Document&&)>& sink,
                      const LoadLimits& limits) {
  LoadResult result;
  run_loader(text, file, limits, true, sink, result);
  return std::move(result.diagnostics);
}

}  // namespace bg::yaml
