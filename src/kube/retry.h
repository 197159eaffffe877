// When to try a request again, and how long to wait first.
//
// Every failure is classified: transient (the same request may succeed later: 429, 500, 502, 503,
// 504, refused or dropped connections, timeouts) or terminal (everything else: 4xx answers, TLS
// failures). Transient failures of idempotent requests are retried with exponential backoff and full
// jitter, capped; a 429's Retry-After is honoured as the minimum wait. A non-idempotent request
// (POST) is retried only on 429, which the server sends before doing anything.
//
// RateLimiter is the client-side token bucket (qps, burst) that keeps a busy client polite.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <random>

#include "common/clock.h"
#include "kube/transport.h"

namespace bg::kube {

struct RetryPolicy {
  int max_attempts = 8;
  std::chrono::milliseconds base_delay{100};
  // Eight attempts fit in the time failed connections are retried (ClientOptions::
  // unreachable_timeout, 10 s): the waits are at most 0.1 + 0.2 + 0.4 + 0.8 + 1.6 + 2 + 2 = 7.1 s.
  std::chrono::milliseconds max_delay{2000};
};

enum class Outcome { kDone, kRetry, kFail };

// The verdict on one attempt; `wait` is how long to wait before the next one.
struct Verdict {
  Outcome outcome = Outcome::kDone;
  std::chrono::milliseconds wait{0};
};

class Backoff {
 public:
  explicit Backoff(RetryPolicy policy, unsigned seed = std::random_device{}()) : policy_(policy), rng_(seed) {}
  // attempt is 1-based (the attempt that just failed).
  Verdict judge(const Result<HttpResponse>& result, bool idempotent, int attempt);
  const RetryPolicy& policy() const { return policy_; }

 private:
  std::chrono::milliseconds delay(int attempt);
  RetryPolicy policy_;
  std::mt19937 rng_;
};

bool is_transient_status(int http_status);

class RateLimiter {
 public:
  RateLimiter(double qps, int burst, Clock& clock);
  void acquire();  // waits for a token

 private:
  std::mutex mu_;
  double qps_;
  double tokens_;
  int burst_;
  std::chrono::steady_clock::time_point last_;
  Clock& clock_;
};

}  // namespace bg::kube
