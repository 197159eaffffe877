// Status and Result<T>: operational errors as values.
//
// User mistakes are Diagnostics (diag/diagnostic.h); Status is for things that go wrong while doing
// work — a file that cannot be written, a server that does not answer. A failed Status says whether
// trying again may help (transient) or not (terminal), and, where a caller decides by it, why: a
// peer that cannot be reached, does not prove who it is, or refuses us is a failure of the
// connection, not of the thing asked for (an absent object is never one of these). Exceptions
// never cross a module boundary.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace bg {

class [[nodiscard]] Status {
 public:
  enum class Kind { kOk, kTransient, kTerminal };
  // Why, when a caller decides by it; kOther for everything else.
  enum class Code {
    kOther,
    kUnavailable,      // no usable answer: refused, timed out or cut connections, a failed discovery
    kUntrusted,        // the peer's certificate failed verification
    kUnauthenticated,  // our credentials were refused (HTTP 401)
    kForbidden,        // known but not allowed (HTTP 403)
  };
  Status() = default;
  static Status ok() { return {}; }
  static Status terminal(std::string message) { return Status(Kind::kTerminal, std::move(message)); }
  static Status transient(std::string message) { return Status(Kind::kTransient, std::move(message)); }

  // What the person can do about it, when the place that failed knows better than its caller
  // (printed as `hint: …` under the message).
  Status with_hint(std::string hint) && {
    hint_ = std::move(hint);
    return std::move(*this);
  }
  const std::string& hint() const { return hint_; }

  bool is_ok() const { return kind_ == Kind::kOk; }
  explicit operator bool() const { return is_ok(); }
  bool is_transient() const { return kind_ == Kind::kTransient; }
  Kind kind() const { return kind_; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The same failure with its cause named (an ok Status stays ok).
  Status with_code(Code code) const {
    Status s = *this;
    if (!s.is_ok()) s.code_ = code;
    return s;
  }

 private:
  Status(Kind k, std::string m) : kind_(k), message_(std::move(m)) {}
  Kind kind_ = Kind::kOk;
  Code code_ = Code::kOther;
  std::string message_;
  std::string hint_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}           // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  bool is_ok() const { return value_.has_value(); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace bg
