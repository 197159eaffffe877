// The width of the terminal that apply's progress is drawn on, behind an interface.
//
// A line redrawn in place must never be wider than the terminal: once it wraps, "\r" and
// erase-line reach only its last row, and every redraw leaves a copy of the rows above. So the
// printer asks for the width before each redraw. TtyWidth asks the terminal (TIOCGWINSZ) once,
// and again only after SIGWINCH said the size changed; tests use testing/fake_terminal_width.h.
#pragma once

#include <csignal>
#include <cstddef>

namespace bg::apply {

class TerminalWidth {
 public:
  virtual ~TerminalWidth() = default;
  virtual std::size_t columns() = 0;
};

// The terminal on `fd`. While one exists it owns SIGWINCH (the previous action is restored by the
// destructor), so at most one may exist at a time. When the terminal does not say (a serial
// console answers 0), $COLUMNS is used, then 80.
class TtyWidth : public TerminalWidth {
 public:
  explicit TtyWidth(int fd);
  ~TtyWidth() override;
  TtyWidth(const TtyWidth&) = delete;
  TtyWidth& operator=(const TtyWidth&) = delete;
  std::size_t columns() override;

 private:
  int fd_;
  std::size_t cached_ = 0;
  struct sigaction previous_ {};
};

}  // namespace bg::apply
