// The controllers a real cluster would run, reduced to what health gates look at: after a delay,
// Deployments, StatefulSets and DaemonSets report ready with the status fields their controllers
// write (observedGeneration, replica counts, conditions); Jobs complete or fail; PVCs bind;
// cert-manager Certificates become Ready.
//
// "Never ready" can be chosen for the whole server or per object with the annotation
// `testserver.betelgeuse.dev/ready: "never"`; a Job with `testserver.betelgeuse.dev/outcome: "fail"`
// fails. The simulator watches the Store through its on_store hook and writes status from its own
// thread, so tests can watch the transition happen.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "testing/testserver/store.h"

namespace bg::testserver {

struct SimulatorOptions {
  std::chrono::milliseconds ready_delay{200};
  bool never_ready = false;
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

  Store& store_;
  SimulatorOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::multimap<std::chrono::steady_clock::time_point, Due> due_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace bg::testserver
