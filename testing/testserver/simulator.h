// The controllers a real cluster would run, reduced to what health gates look at: after a delay,
// Deployments, StatefulSets and DaemonSets report ready with the status fields their controllers
// write (observedGeneration, replica counts, conditions); a StatefulSet's claims appear, one per
// volumeClaimTemplate and replica; Jobs complete or fail; PVCs bind; cert-manager Certificates,
// Issuers and ClusterIssuers become Ready; the cainjector's CA lands in the webhook configurations
// that ask for it; Gateways and their listeners are Accepted and Programmed, routes Accepted by
// each parent (src/apply/health_addons.cc reads all of these, as the real controllers write them).
//
// "Never ready" can be chosen for the whole server or per object with the annotation
// `testserver.betelgeuse.dev/ready: "never"` (which also keeps a CRD from being Established,
// defaults.cc); a Job with `testserver.betelgeuse.dev/outcome: "fail"` fails. The simulator
// watches the Store through its on_store hook and writes status from its own thread, so tests can
// watch the transition happen; `at_once` makes it act within the write that woke it instead, for
// tests in-process on a fake clock, where nothing may happen later.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "testing/testserver/store.h"

namespace bg::testserver {

inline constexpr const char* kReadyAnnotation = "testserver.betelgeuse.dev/ready";      // "never"
inline constexpr const char* kOutcomeAnnotation = "testserver.betelgeuse.dev/outcome";  // "fail" (Jobs)

// Whether the object carries kReadyAnnotation: "never"; mark_never_ready() puts it on.
bool marked_never_ready(const nlohmann::json& object);
void mark_never_ready(nlohmann::json& object);

struct SimulatorOptions {
  std::chrono::milliseconds ready_delay{200};
  bool never_ready = false;
  bool at_once = false;  // act within the write, on the writer's thread; ready_delay is not waited
};

class Simulator {
 public:
  Simulator(Store& store, SimulatorOptions options);
  ~Simulator();
  void stop();

 private:
  struct Due {
    ResourceType type;
    std::string ns, name;
  };
  void schedule(const ResourceType& rt, const nlohmann::json& obj);
  void run();
  void settle(const Due& d);  // under store.mu
  void make_claims(const nlohmann::json& set);  // under store.mu

  Store& store_;
  SimulatorOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<std::chrono::steady_clock::time_point, Due> due_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace bg::testserver
