#include "testing/process_memory.h"

#include <unistd.h>

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

// The sum of `of` over `root` and every descendant (each visited once).
template <typename T, typename F>
Result<T> sum_over_tree(pid_t root, F of) {
  if (!std::filesystem::exists("/proc/" + std::to_string(root)))
    return Status::terminal("process " + std::to_string(root) + " is not running");
  std::multimap<pid_t, pid_t> children;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    children.emplace(parent_of(name), static_cast<pid_t>(std::stol(name)));
  }
  T sum = 0;
  std::vector<pid_t> todo = {root};
  while (!todo.empty()) {
    const pid_t p = todo.back();
    todo.pop_back();
    sum += of(p);
    auto [first, last] = children.equal_range(p);
    for (auto it = first; it != last; ++it) todo.push_back(it->second);
  }
  return sum;
}

// utime + stime + cutime + cstime of `pid` in clock ticks (fields 14 to 17 of /proc/PID/stat), 0
// when it is gone.
long long cpu_ticks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 1));
  std::string field;
  long long ticks = 0;
  for (int i = 3; i <= 17 && rest >> field; ++i)
    if (i >= 14) ticks += std::stoll(field);
  return ticks;
}

}  // namespace

Result<long long> process_tree_pss_bytes(pid_t root) {
  auto kib = sum_over_tree<long long>(root, pss_kib);
  if (!kib) return kib.status();
  return *kib * 1024;
}

Result<double> process_tree_cpu_seconds(pid_t root) {
  auto ticks = sum_over_tree<long long>(root, cpu_ticks);
  if (!ticks) return ticks.status();
  return static_cast<double>(*ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
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
