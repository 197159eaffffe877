#include "kube/retry.h"

#include <algorithm>
#include <cstdlib>

namespace bg::kube {

bool is_transient_status(int s) { return s == 429 || s == 500 || s == 502 || s == 503 || s == 504; }

std::chrono::milliseconds Backoff::delay(int attempt) {
  // Full jitter: uniform in [0, min(max, base * 2^(attempt-1))], but never below a tenth of it so
  // a storm of retries does not collapse onto zero.
  long cap = std::min<long>(policy_.max_delay.count(), policy_.base_delay.count() << std::min(attempt - 1, 20));
  long low = cap / 10;
  return std::chrono::milliseconds(std::uniform_int_distribution<long>(low, std::max(low, cap))(rng_));
}

Verdict Backoff::judge(const Result<HttpResponse>& result, bool idempotent, int attempt) {
  if (result && !is_transient_status(result->status)) return {Outcome::kDone, {}};
  bool transient = result ? true : result.status().is_transient();
  bool allowed = idempotent || (result && result->status == 429);
  if (!transient || !allowed) return {result ? Outcome::kDone : Outcome::kFail, {}};
  if (attempt >= policy_.max_attempts) return {result ? Outcome::kDone : Outcome::kFail, {}};
  std::chrono::milliseconds wait = delay(attempt);
  if (result) {
    auto it = result->headers.find("retry-after");
    if (it != result->headers.end()) {
      long seconds = std::atol(it->second.c_str());
      wait = std::max(wait, std::chrono::milliseconds(std::min<long>(seconds, 60) * 1000));
    }
  }
  return {Outcome::kRetry, wait};
}

RateLimiter::RateLimiter(double qps, int burst, Clock& clock)
    : qps_(qps), tokens_(burst), burst_(burst), last_(clock.now()), clock_(clock) {}

void RateLimiter::acquire() {
  if (qps_ <= 0) return;
  std::unique_lock lock(mu_);
  while (true) {
    auto now = clock_.now();
    double elapsed = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min<double>(burst_, tokens_ + elapsed * qps_);
    if (tokens_ >= 1) {
      tokens_ -= 1;
      return;
    }
    auto wait = std::chrono::milliseconds(static_cast<long>((1 - tokens_) / qps_ * 1000) + 1);
    lock.unlock();
    clock_.sleep_for(wait);
    lock.lock();
  }
}

}  // namespace bg::kube
