// kube-testserver: the Kubernetes API test server as a program.
//
//   kube-testserver --listen 127.0.0.1:0 --write-kubeconfig PATH [--ready-delay MS] [--fault-429 R]
//                   [--forbid RESOURCE] ...
//
// Serves HTTPS until killed (SIGTERM/SIGINT stop it cleanly); writes the kubeconfig once the port is
// bound and serving, so a script can wait for the file to appear and then use it.
#include <csignal>
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "testing/testserver/server.h"
#include "testing/testserver/simulator.h"

int main(int argc, char** argv) {
  CLI::App app{"Kubernetes API test server"};
  std::string listen = "127.0.0.1:0", kubeconfig;
  bg::testserver::Faults faults;
  long ready_delay_ms = 500;
  bool never_ready = false;
  long latency_ms = 0;
  app.add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)");
  app.add_option("--write-kubeconfig", kubeconfig, "write a kubeconfig for clients here once ready")->required();
  app.add_option("--ready-delay", ready_delay_ms, "milliseconds before workloads become ready");
  app.add_flag("--never-ready", never_ready, "workloads never become ready");
  app.add_option("--fault-429", faults.rate_429, "rate of 429 answers (0..1)");
  app.add_option("--fault-500", faults.rate_500, "rate of 500 answers (0..1)");
  app.add_option("--fault-503", faults.rate_503, "rate of 503 answers (0..1)");
  app.add_option("--fault-drop", faults.rate_drop, "rate of dropped connections (0..1)");
  app.add_option("--latency", latency_ms, "milliseconds added to every request");
  std::vector<std::string> forbidden;
  app.add_option("--forbid", forbidden, "answer 403 Forbidden to every request on this resource (\"secrets\", \"deployments.apps\")");
  CLI11_PARSE(app, argc, argv);
  faults.latency = std::chrono::milliseconds(latency_ms);

  bg::testserver::ServerOptions options;
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    std::fprintf(stderr, "kube-testserver: --listen wants HOST:PORT, got %s\n", listen.c_str());
    return 2;
  }
  options.host = listen.substr(0, colon);
  options.port = std::atoi(listen.c_str() + colon + 1);
  options.faults = faults;
  options.api.forbidden.insert(forbidden.begin(), forbidden.end());

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so sigwait gets them

  auto server = bg::testserver::TestServer::start(options);
  if (!server) {
    std::fprintf(stderr, "kube-testserver: %s\n", server.status().message().c_str());
    return 1;
  }
  bg::testserver::SimulatorOptions sim;
  sim.ready_delay = std::chrono::milliseconds(ready_delay_ms);
  sim.never_ready = never_ready;
  bg::testserver::Simulator simulator((*server)->store(), sim);
  if (auto st = (*server)->write_kubeconfig(kubeconfig); !st) {
    std::fprintf(stderr, "kube-testserver: %s\n", st.message().c_str());
    return 1;
  }
  std::fprintf(stderr, "kube-testserver: serving on %s\n", (*server)->url().c_str());
  int sig = 0;
  sigwait(&signals, &sig);
  simulator.stop();
  (*server)->stop();
  return 0;
}
