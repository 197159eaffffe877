#include "testing/testserver/faults.h"

namespace bg::testserver {

void FaultInjector::set(const Faults& f) {
  std::lock_guard lock(mu_);
  faults_ = f;
  rng_.seed(f.seed);
  writes_ = 0;
}

Faults FaultInjector::get() const {
  std::lock_guard lock(mu_);
  return faults_;
}

long FaultInjector::injected() const {
  std::lock_guard lock(mu_);
  return injected_;
}

FaultInjector::Action FaultInjector::next(const std::string& method, const std::string& path) {
  std::lock_guard lock(mu_);
  if (faults_.die_after_writes >= 0 && writes_ >= faults_.die_after_writes) {
    ++injected_;
    return Action::kDrop;
  }
  bool discovery = path == "/api" || path == "/apis" || path.rfind("/version", 0) == 0 ||
                   path.rfind("/healthz", 0) == 0 || path.rfind("/openapi", 0) == 0 ||
                   (path.rfind("/api/", 0) == 0 && path.find('/', 5) == std::string::npos) ||
                   (path.rfind("/apis/", 0) == 0 && std::count(path.begin(), path.end(), '/') <= 3);
  const bool write = method != "GET";
  if (discovery && !faults_.include_discovery) {
    writes_ += write;
    return Action::kNone;
  }
  double x = std::uniform_real_distribution<double>(0, 1)(rng_);
  Action a = Action::kNone;
  if ((x -= faults_.rate_429) < 0) a = Action::k429;
  else if ((x -= faults_.rate_500) < 0) a = Action::k500;
  else if ((x -= faults_.rate_503) < 0) a = Action::k503;
  else if ((x -= faults_.rate_drop) < 0) a = Action::kDrop;
  if (a != Action::kNone) ++injected_;
  else writes_ += write;
  return a;
}

}  // namespace bg::testserver
