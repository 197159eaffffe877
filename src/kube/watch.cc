// Client::watch: a watch that survives. It lists first when no resourceVersion is given, streams
// events line by line, remembers the newest resourceVersion (bookmarks included) so a dropped
// stream resumes where it stopped, and answers 410 Gone (the server compacted past us) by listing
// again and handing the handler a RELIST event with the fresh List.
#include "kube/client.h"

#include "k8s/json_view.h"

namespace bg::kube {

using nlohmann::json;

Status Client::watch(const std::string& api_version, const std::string& kind, const std::string& ns,
                     const WatchOptions& options, const std::function<bool(const WatchEvent&)>& handler) {
  auto path = path_for(api_version, kind, ns, "");
  if (!path) return path.status();
  ListOptions lo{options.label_selector, options.field_selector};
  std::string rv = options.resource_version;
  auto relist = [&](bool initial) -> Result<bool> {
    auto l = list(api_version, kind, ns, lo);
    if (!l) return l.status();
    rv = k8s::JsonView(*l)["metadata"]["resourceVersion"].str();
    if (initial) {
      for (k8s::JsonView item : k8s::JsonView(*l)["items"].items())
        if (!handler({"ADDED", item.copy()})) return false;
      return true;
    }
    return handler({"RELIST", *l});
  };
  if (rv.empty()) {
    auto go_on = relist(true);
    if (!go_on) return go_on.status();
    if (!*go_on) return Status::ok();
  }
  int failures = 0;
  Backoff backoff(options_.retry);
  while (true) {
    bool stop = false, gone = false;
    std::string buffer;
    HttpRequest req;
    req.path = *path + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + escape(rv) +
               "&timeoutSeconds=" + std::to_string(options.timeout_seconds);
    if (!options.label_selector.empty()) req.path += "&labelSelector=" + escape(options.label_selector);
    if (!options.field_selector.empty()) req.path += "&fieldSelector=" + escape(options.field_selector);
    req.timeout = std::chrono::milliseconds(0);
    bool got_events = false;
    req.on_data = [&](std::string_view data) {
      buffer.append(data);
      std::size_t nl;
      while ((nl = buffer.find('\n')) != std::string::npos) {
        json ev = json::parse(buffer.substr(0, nl), nullptr, false);
        buffer.erase(0, nl + 1);
        if (ev.is_discarded()) continue;
        k8s::JsonView event(ev);
        std::string type = event["type"].str();
        k8s::JsonView obj = event["object"];
        if (type == "ERROR") {
          if (obj["code"].integer() == 410) gone = true;
          else stop = true;
          return false;
        }
        got_events = true;
        std::string obj_rv = obj["metadata"]["resourceVersion"].str();
        if (!obj_rv.empty()) rv = obj_rv;
        if (type == "BOOKMARK") continue;
        if (!handler({type, obj.copy()})) {
          stop = true;
          return false;
        }
      }
      return true;
    };
    auto r = request(req, true);
    if (stop) return Status::ok();
    if (r && r->status == 410) gone = true;
    if (gone) {
      auto go_on = relist(false);
      if (!go_on) return go_on.status();
      if (!*go_on) return Status::ok();
      failures = 0;
      continue;
    }
    if (r && r->status >= 400 && !is_transient_status(r->status)) return Status::terminal(api_error_message(*r));
    // A stream that ended (timeout, dropped connection, transient answer): resume from rv.
    failures = (r && r->status == 200) || got_events ? 0 : failures + 1;
    if (failures >= options.max_failures)
      return Status::transient("the watch of " + kind + " failed " + std::to_string(failures) + " times in a row" +
                               (r ? "" : ": " + r.status().message()));
    if (failures > 0) clock_.sleep_for(backoff.judge(Status::transient(""), true, failures).wait);
  }
}

}  // namespace bg::kube
