#include "cli/plan_changes.h"

#include "apply/progress_line.h"
#include "cli/table.h"

namespace bg::cli {
namespace {

// A wave's name in the table's first column: "3 level 0: argo-server, cert-manager +17" rather
// than every component of a wide wave ("level 0: a b c …", waves.h), so that the table fits a
// terminal; the lines below the table name every object.
constexpr std::size_t kWaveColumn = 48;
std::string wave_cell(std::size_t n, const std::string& name) {
  std::string head = std::to_string(n + 1) + " ";
  std::size_t colon = name.find(": ");
  if (colon == std::string::npos) return head + apply::truncate_to(name, kWaveColumn - head.size());
  std::string label = head + name.substr(0, colon + 2);
  std::vector<std::string> items;
  for (std::size_t at = colon + 2; at < name.size();) {
    std::size_t end = std::min(name.find(' ', at), name.size());
    items.push_back(name.substr(at, end - at));
    at = end + 1;
  }
  return label + apply::shorten_list(items, kWaveColumn - std::min(label.size(), kWaveColumn - 1));
}

}  // namespace

using nlohmann::json;

json plan_changes_json(const apply::Preview& p) {
  json waves = json::array();
  for (const apply::PreviewWave& w : p.waves) {
    json create = json::array(), update = json::array();
    int unchanged = 0;
    for (const apply::PreviewItem& i : w.items) {
      if (i.need == apply::WriteNeed::kCreate) create.push_back(i.object);
      else if (i.need == apply::WriteNeed::kUpdate) update.push_back(i.object);
      else ++unchanged;
    }
    waves.push_back({{"name", w.name}, {"create", create}, {"update", update}, {"unchanged", unchanged}});
  }
  json prune = json::array(), keep = json::array();
  for (const apply::PreviewItem& i : p.prune) prune.push_back(i.object);
  for (const apply::PreviewItem& i : p.keep) keep.push_back(i.object);
  json unserved = json::array();
  for (const apply::UnservedKind& u : p.unserved)
    unserved.push_back({{"apiVersion", u.api_version}, {"kind", u.kind}, {"objects", u.objects}});
  return {{"waves", waves}, {"prune", prune}, {"keep", keep}, {"unserved", unserved},
          {"totals", {{"create", p.creates}, {"update", p.updates}, {"unchanged", p.unchanged},
                      {"prune", p.prune.size()}, {"keep", p.keep.size()}}}};
}

std::string plan_changes_text(const apply::Preview& p, bool color) {
  auto paint = [color](const char* code, const std::string& s) {
    return color ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
  };
  Table counts({"WAVE", "CREATE", "UPDATE", "UNCHANGED", "PRUNE"});
  std::string lines;
  for (std::size_t n = 0; n < p.waves.size(); ++n) {
    const apply::PreviewWave& w = p.waves[n];
    int create = 0, update = 0, unchanged = 0;
    for (const apply::PreviewItem& i : w.items) {
      if (i.need == apply::WriteNeed::kCreate) {
        ++create;
        lines += paint("32", "  + " + i.object) + "  (wave " + std::to_string(n + 1) + ")\n";
      } else if (i.need == apply::WriteNeed::kUpdate) {
        ++update;
        lines += paint("33", "  ~ " + i.object) + "  (wave " + std::to_string(n + 1) + ")\n";
      } else {
        ++unchanged;
      }
    }
    counts.row({wave_cell(n, w.name), std::to_string(create), std::to_string(update), std::to_string(unchanged), "-"});
  }
  counts.row({"then prune", "-", "-", "-", std::to_string(p.prune.size())});
  for (const apply::PreviewItem& i : p.prune) lines += paint("31", "  - " + i.object) + "  (prune)\n";
  for (const apply::PreviewItem& i : p.keep) lines += "  = " + i.object + "  (no longer rendered; kept for its data, --prune-data deletes it)\n";
  std::string out = "Changes against the cluster, in apply's waves\n" + counts.str("  ") + "\n";
  if (!lines.empty()) out += lines + "\n";
  out += "Plan: " + std::to_string(p.creates) + " to create, " + std::to_string(p.updates) + " to update, " +
         std::to_string(p.unchanged) + " unchanged, " + std::to_string(p.prune.size()) + " to prune";
  if (!p.keep.empty()) out += ", " + std::to_string(p.keep.size()) + " kept for data";
  out += "\n";
  if (!p.unserved.empty())
    out += "\nNot served by the cluster, so apply would refuse to start\n" +
           apply::unserved_text(p.unserved) + "hint: " + apply::kUnservedHint + "\n";
  return out;
}

}  // namespace bg::cli
