#include "apply/progress_width.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>

#include <gtest/gtest.h>

namespace bg::apply {
namespace {

// A pseudo-terminal stands in for the user's: its size is set the way a terminal emulator does.
class Pty {
 public:
  Pty() {
    master_ = posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ >= 0 && grantpt(master_) == 0 && unlockpt(master_) == 0) slave_ = open(ptsname(master_), O_RDWR | O_NOCTTY);
  }
  ~Pty() {
    if (slave_ >= 0) close(slave_);
    if (master_ >= 0) close(master_);
  }
  int fd() const { return slave_; }
  void resize(unsigned short columns) {
    winsize ws{};
    ws.ws_row = 24;
    ws.ws_col = columns;
    ioctl(master_, TIOCSWINSZ, &ws);
  }

 private:
  int master_ = -1, slave_ = -1;
};

TEST(TtyWidth, AsksTheTerminalOnceAndAgainOnlyAfterSigwinch) {
  Pty pty;
  ASSERT_GE(pty.fd(), 0) << "no pseudo-terminal";
  pty.resize(100);
  TtyWidth width(pty.fd());
  EXPECT_EQ(width.columns(), 100u);
  pty.resize(60);
  EXPECT_EQ(width.columns(), 100u);  // no signal yet: the cached answer stands
  std::raise(SIGWINCH);
  EXPECT_EQ(width.columns(), 60u);
}

TEST(TtyWidth, ATerminalThatDoesNotSayFallsBackToColumnsThen80) {
  Pty pty;
  ASSERT_GE(pty.fd(), 0) << "no pseudo-terminal";
  pty.resize(0);
  ::setenv("COLUMNS", "132", 1);
  EXPECT_EQ(TtyWidth(pty.fd()).columns(), 132u);
  ::unsetenv("COLUMNS");
  EXPECT_EQ(TtyWidth(pty.fd()).columns(), 80u);
}

TEST(TtyWidth, GivesSigwinchBackWhenDestroyed) {
  struct sigaction before {}, after {};
  sigaction(SIGWINCH, nullptr, &before);
  { TtyWidth width(STDERR_FILENO); }
  sigaction(SIGWINCH, nullptr, &after);
  EXPECT_EQ(before.sa_handler, after.sa_handler);
}

}  // namespace
}  // namespace bg::apply
