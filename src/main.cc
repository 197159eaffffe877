// betelgeuse: the process around bg::cli::run().
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  bg::DiskFileSystem fs;
  bool no_color = std::getenv("NO_COLOR") != nullptr;
  bg::cli::Io io{std::cout, std::cerr, fs, !no_color && isatty(1), !no_color && isatty(2), &std::cin, isatty(2) != 0, {}};
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    return bg::cli::run(args, io);
  } catch (const std::exception& e) {  // last line of defence: a bug, never a user mistake
    std::cerr << "betelgeuse: internal error: " << e.what() << "\n";
    return 70;
  }
}
