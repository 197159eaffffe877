#include "apply/progress_width.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace bg::apply {
namespace {

// Set by the handler, read by columns(): a lock-free atomic is all a signal handler may touch.
std::atomic<bool> resized{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void on_winch(int) { resized.store(true, std::memory_order_relaxed); }

std::size_t ask(int fd) {
  winsize ws{};
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    char* end = nullptr;
    long n = std::strtol(c, &end, 10);
    if (end && *end == '\0' && n > 0) return static_cast<std::size_t>(n);
  }
  return 80;
}

}  // namespace

TtyWidth::TtyWidth(int fd) : fd_(fd) {
  struct sigaction sa {};
  sa.sa_handler = on_winch;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // a resize must not fail a request or a sleep with EINTR
  sigaction(SIGWINCH, &sa, &previous_);
}

TtyWidth::~TtyWidth() { sigaction(SIGWINCH, &previous_, nullptr); }

std::size_t TtyWidth::columns() {
  if (resized.exchange(false, std::memory_order_relaxed) || cached_ == 0) cached_ = ask(fd_);
  return cached_;
}

}  // namespace bg::apply
