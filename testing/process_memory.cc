#include "testing/process_memory.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

namespace bg::testing {

namespace {

// The parent of `pid` from /proc/PID/stat (the field after the parenthesised name, which may hold
// spaces), or -1 when it is gone.
pid_t parent_of(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 1));
  std::string state;
  pid_t ppid = -1;
  rest >> state >> ppid;
  return ppid;
}

long long pss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Pss:", 0) == 0) return std::stoll(line.substr(4));
  return 0;  // gone, or a kernel thread
}

}  // namespace

Result<long long> process_tree_pss_bytes(pid_t root) {
  if (!std::filesystem::exists("/proc/" + std::to_string(root)))
    return Status::terminal("process " + std::to_string(root) + " is not running");
  std::multimap<pid_t, pid_t> children;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    children.emplace(parent_of(name), static_cast<pid_t>(std::stol(name)));
  }
  long long kib = 0;
  std::vector<pid_t> todo = {root};
  while (!todo.empty()) {
    const pid_t p = todo.back();
    todo.pop_back();
    kib += pss_kib(p);
    auto [first, last] = children.equal_range(p);
    for (auto it = first; it != last; ++it) todo.push_back(it->second);
  }
  return kib * 1024;
}

Result<long long> memory_quantity_bytes(const std::string& quantity) {
  static const std::map<std::string, long long> kUnits = {
      {"", 1},         {"k", 1000},          {"M", 1000000},          {"G", 1000000000LL},
      {"Ki", 1 << 10}, {"Mi", 1LL << 20},    {"Gi", 1LL << 30},       {"Ti", 1LL << 40}};
  const std::size_t digits = quantity.find_first_not_of("0123456789");
  if (digits == 0 || quantity.empty()) return Status::terminal("not a memory quantity: \"" + quantity + "\"");
  auto unit = kUnits.find(digits == std::string::npos ? "" : quantity.substr(digits));
  if (unit == kUnits.end()) return Status::terminal("not a memory quantity: \"" + quantity + "\"");
  return std::stoll(quantity.substr(0, digits)) * unit->second;
}

}  // namespace bg::testing
