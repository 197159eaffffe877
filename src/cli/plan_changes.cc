#include "cli/plan_changes.h"

#include "cli/table.h"

namespace bg::cli {

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
  Table counts({"WAVE", "CREATE", "UPDATE", "UNCHANGED"});
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
    counts.row({std::to_string(n + 1) + " " + w.name, std::to_string(create), std::to_string(update), std::to_string(unchanged)});
  }
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
