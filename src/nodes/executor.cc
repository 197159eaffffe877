#include "nodes/executor.h"

#include <cstdio>
#include <map>
#include <memory>

namespace bg::nodes {

std::string Target::str() const { return user + "@" + address + ":" + std::to_string(port); }

std::string Failure::str() const { return "host " + host + ", step \"" + step + "\": " + reason; }

std::string last_lines(const std::string& text, int lines) {
  std::vector<std::string> all;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) all.push_back(line);
    start = end + 1;
  }
  std::string out;
  for (std::size_t i = all.size() > static_cast<std::size_t>(lines) ? all.size() - lines : 0; i < all.size(); ++i)
    out += (out.empty() ? "" : "; ") + all[i];
  return out;
}

ExecuteSummary execute(Connector& connector, const std::vector<Target>& targets, const std::vector<Step>& steps,
                       std::ostream& progress) {
  ExecuteSummary summary;
  std::map<std::string, std::unique_ptr<RemoteHost>> hosts;
  for (const Target& t : targets) {
    progress << "[" << t.node << "] connect: " << t.str() << " ..." << std::flush;
    Result<std::unique_ptr<RemoteHost>> h = connector.connect(t);
    if (!h) {
      progress << " FAILED\n";
      summary.failure = Failure{t.node, "connect", h.status().message()};
      return summary;
    }
    progress << " ok\n";
    hosts[t.node] = std::move(*h);
  }
  for (const Step& s : steps) {
    std::string label = s.phase + ": " + s.name;
    auto fail = [&](std::string reason) {
      progress << " FAILED\n";
      summary.failure = Failure{s.host, label, std::move(reason)};
      return summary;
    };
    auto it = hosts.find(s.host);
    progress << "[" << s.host << "] " << label << " ..." << std::flush;
    if (it == hosts.end()) return fail("no connection to this host (it is not among the targets)");
    RemoteHost& host = *it->second;
    if (!s.check.empty()) {
      Result<CommandOutput> c = host.run(s.check);
      if (!c) return fail(c.status().message());
      if (c->exit_status == 0) {
        progress << " already done\n";
        ++summary.already_done;
        continue;
      }
    }
    if (s.upload) {
      if (Status st = host.upload(s.upload->path, s.upload->content, s.upload->mode); !st)
        return fail("cannot write " + s.upload->path + ": " + st.message());
    }
    if (!s.command.empty()) {
      Result<CommandOutput> r = host.run(s.command);
      if (!r) return fail(r.status().message());
      if (r->exit_status != 0) {
        std::string why = last_lines(r->err);
        if (why.empty()) why = last_lines(r->out);
        return fail("exit status " + std::to_string(r->exit_status) + (why.empty() ? "" : ": " + why));
      }
      if (s.show_output) {
        progress << " " << last_lines(r->out, 1) << "\n";
        ++summary.done;
        continue;
      }
    }
    progress << " done\n";
    ++summary.done;
  }
  return summary;
}

void print_dry_run(const std::vector<Target>& targets, const std::vector<Step>& steps, std::ostream& out) {
  for (const Target& t : targets) {
    out << "[" << t.node << "] connect: ssh " << t.str() << "\n";
  }
  for (const Step& s : steps) {
    out << "[" << s.host << "] " << s.phase << ": " << s.name << "\n";
    if (!s.check.empty()) out << "    unless: " << s.check << "\n";
    if (s.upload) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", s.upload->mode);
      out << "    upload: " << s.upload->path << " (mode " << mode << ", " << s.upload->content.size() << " bytes)\n";
    }
    if (!s.command.empty()) out << "    run: " << s.command << "\n";
  }
}

}  // namespace bg::nodes
