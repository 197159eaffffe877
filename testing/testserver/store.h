// The test server's state: every object, the resourceVersion counter, and the event log that watch
// streams and resumes read from.
//
// One mutex guards everything (the server is for tests; simplicity beats throughput). Methods named
// *_locked expect the caller to hold `mu`; the condition variable `changed` wakes watchers whenever
// an event is recorded. Deletion follows the real life cycle: finalizers turn a delete into a
// deletionTimestamp, a namespace being deleted takes its objects with it, and objects whose owner is
// gone are garbage collected (or orphaned when asked); a Foreground delete keeps the owner, with the
// foregroundDeletion finalizer, until its blocking dependents are gone.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "testing/testserver/resources.h"

namespace bg::testserver {

inline constexpr const char* kForegroundDeletion = "foregroundDeletion";

struct Event {
  int64_t rv = 0;
  std::string resource;  // ResourceType::group_resource()
  std::string type;      // ADDED, MODIFIED, DELETED
  nlohmann::json object;
  nlohmann::json previous;  // the object before a MODIFIED (watch filters need both)
};

class Store {
 public:
  using Now = std::function<std::chrono::system_clock::time_point()>;
  explicit Store(Now now = {});

  std::mutex mu;
  std::condition_variable changed;
  Registry registry;
  bool stopping = false;  // set under mu; wakes and ends every watch
  int active_watches = 0;  // under mu; lets tests wait until a client's watch is in place

  std::string timestamp() const;  // RFC 3339, seconds, UTC
  std::chrono::system_clock::time_point now() const { return now_(); }

  // All under mu.
  const nlohmann::json* get_locked(const ResourceType& rt, const std::string& ns, const std::string& name) const;
  // Objects of a type, in namespace `ns` ("" = every namespace), ordered by namespace then name.
  std::vector<const nlohmann::json*> list_locked(const ResourceType& rt, const std::string& ns) const;
  // Every object of every type (each once, whichever versions its type is served in).
  std::vector<const nlohmann::json*> all_locked() const;
  // Stores `object` (already complete apart from resourceVersion), assigns the next resourceVersion,
  // records an ADDED or MODIFIED event and returns the stored copy.
  nlohmann::json store_locked(const ResourceType& rt, nlohmann::json object);
  // The same without calling on_store: a state a test sets up, which no controller is to move on.
  nlohmann::json seed_locked(const ResourceType& rt, nlohmann::json object);
  // Deletes the way the API does: sets deletionTimestamp when finalizers remain, else removes the
  // object, collects its dependents ("Orphan" strips their ownerReferences instead; "Foreground"
  // deletes them first and the owner after), and finishes a terminating namespace that became
  // empty. Returns the object as last seen.
  nlohmann::json delete_locked(const ResourceType& rt, const std::string& ns, const std::string& name,
                               const std::string& propagation);

  int64_t resource_version_locked() const { return rv_; }
  // The oldest resourceVersion a watch may resume from; older ones get 410 Gone.
  int64_t oldest_resumable_locked() const;
  const std::deque<Event>& events_locked() const { return events_; }
  void set_event_capacity(std::size_t n) { capacity_ = n; }

  // Called after every stored change (outside no lock: under mu), e.g. by the simulator.
  std::vector<std::function<void(const ResourceType&, const nlohmann::json&)>> on_store;

 private:
  std::string key(const std::string& ns, const std::string& name) const { return ns + "/" + name; }
  void remove_locked(const ResourceType& rt, const std::string& ns, const std::string& name,
                     const std::string& propagation);
  nlohmann::json mark_deleted_locked(const ResourceType& rt, nlohmann::json obj);
  nlohmann::json delete_foreground_locked(const ResourceType& rt, nlohmann::json obj);
  void release_foreground_locked(const ResourceType& rt, const nlohmann::json& owner);
  void release_owners_locked(const nlohmann::json& dependent);
  void orphan_dependents_locked(const nlohmann::json& owner);
  std::vector<std::pair<ResourceType, nlohmann::json>> dependents_locked(const nlohmann::json& owner) const;
  void record_locked(const ResourceType& rt, const std::string& type, const nlohmann::json& obj,
                     const nlohmann::json& previous);
  void finish_namespace_locked(const std::string& ns);
  nlohmann::json write_locked(const ResourceType& rt, nlohmann::json object, bool hooks);

  Now now_;
  std::map<std::string, std::map<std::string, nlohmann::json>> objects_;  // resource -> "ns/name" -> object
  int64_t rv_ = 1000;
  std::deque<Event> events_;
  int64_t compacted_rv_ = 1000;  // rv of the newest event dropped from the log
  std::size_t capacity_ = 10000;
};

// "3f2a...": a random RFC 4122 version-4 UUID.
std::string new_uid();

}  // namespace bg::testserver
