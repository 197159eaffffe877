// Retries, backoff and the rate limiter against a scripted transport and a fake clock.
#include "kube/retry.h"

#include <gtest/gtest.h>

#include <deque>

#include "kube/client.h"
#include "testing/fake_clock.h"

namespace bg::kube {
namespace {

// Answers from a script, recording every request.
class ScriptedTransport : public Transport {
 public:
  std::deque<Result<HttpResponse>> script;
  std::vector<HttpRequest> seen;
  testing::FakeClock* clock = nullptr;
  std::chrono::milliseconds each_takes{0};  // how long the server takes over every attempt
  Result<HttpResponse> send(const HttpRequest& r) override {
    seen.push_back(r);
    if (clock && each_takes.count() > 0) {
      if (r.timeout.count() > 0 && r.timeout < each_takes) {
        clock->sleep_for(r.timeout);
        return Status::transient("cannot reach https://h:6443: no answer in time").with_code(Status::Code::kUnavailable);
      }
      clock->sleep_for(each_takes);
    }
    if (script.empty()) return HttpResponse{200, {}, "{}", "1.1"};
    auto next = script.front();
    script.pop_front();
    return next;
  }
};

HttpResponse answer(int status, std::map<std::string, std::string> headers = {}) {
  return HttpResponse{status, std::move(headers),
                      R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"m)" + std::to_string(status) +
                          R"(","code":)" + std::to_string(status) + "}",
                      "1.1"};
}

Status refused() {
  return Status::transient("cannot reach https://h:6443: connection refused").with_code(Status::Code::kUnavailable);
}

struct Fixture {
  testing::FakeClock clock;
  ScriptedTransport* transport = new ScriptedTransport;
  std::unique_ptr<Client> client;
  std::vector<RetryNotice> notices;
  explicit Fixture(std::chrono::milliseconds request_timeout = std::chrono::seconds(10)) {
    transport->clock = &clock;
    ClientOptions o;
    o.clock = &clock;
    o.qps = 0;  // no rate limit unless a test wants one
    o.retry = {5, std::chrono::milliseconds(100), std::chrono::milliseconds(1000)};
    o.request_timeout = request_timeout;
    o.on_retry = [this](const RetryNotice& n) { notices.push_back(n); };
    ClientConfig config;
    config.server = "https://h:6443";
    client = std::make_unique<Client>(config, std::unique_ptr<Transport>(transport), o);
  }
  Result<HttpResponse> call(const std::string& method, bool idempotent) {
    HttpRequest r;
    r.method = method;
    r.path = "/api/v1/namespaces/default/configmaps/x";
    return client->request(r, idempotent);
  }
};

TEST(Retry, HonoursRetryAfterOn429) {
  Fixture f;
  f.transport->script = {answer(429, {{"retry-after", "2"}}), answer(200)};
  auto r = f.call("GET", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(f.clock.sleeps.size(), 1u);
  EXPECT_GE(f.clock.sleeps[0], std::chrono::milliseconds(2000));
}

TEST(Retry, RetriesServerErrorsAndDroppedConnectionsForIdempotentCalls) {
  Fixture f;
  f.transport->script = {answer(500), Status::transient("connection reset"), answer(503), answer(200)};
  auto r = f.call("PATCH", true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(f.transport->seen.size(), 4u);
  ASSERT_EQ(f.clock.sleeps.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {  // full jitter below an exponential cap
    EXPECT_LE(f.clock.sleeps[i].count(), 100L << i);
    EXPECT_GE(f.clock.sleeps[i].count(), (100L << i) / 10);
  }
}

TEST(Retry, DoesNotRetryAPostAfterA503ButDoesAfterA429) {
  Fixture f;
  f.transport->script = {answer(503)};
  auto r = f.call("POST", false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(f.transport->seen.size(), 1u);
  f.transport->script = {answer(429), answer(201)};
  auto again = f.call("POST", false);
  EXPECT_EQ(again->status, 201);
}

TEST(Retry, NeverRetriesTerminalAnswersOrErrors) {
  Fixture f;
  f.transport->script = {answer(404)};
  EXPECT_EQ(f.call("GET", true)->status, 404);
  f.transport->script = {Status::terminal("certificate verify failed")};
  auto r = f.call("GET", true);
  ASSERT_FALSE(r);
  EXPECT_FALSE(r.status().is_transient());
  EXPECT_EQ(f.transport->seen.size(), 2u);
  EXPECT_TRUE(f.clock.sleeps.empty());
}

TEST(Retry, GivesUpAfterMaxAttemptsWithATransientError) {
  Fixture f;
  for (int i = 0; i < 10; ++i) f.transport->script.push_back(Status::transient("refused"));
  auto r = f.call("GET", true);
  ASSERT_FALSE(r);
  EXPECT_TRUE(r.status().is_transient());
  EXPECT_EQ(f.transport->seen.size(), 5u);
}

TEST(Retry, AnnouncesEachRetryOfAFailedConnectionAndSaysHowLongItTried) {
  Fixture f;
  for (int i = 0; i < 10; ++i) f.transport->script.push_back(refused());
  auto r = f.call("GET", true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(r.status().message().rfind("cannot reach https://h:6443: connection refused (5 attempts in ", 0), 0u)
      << r.status().message();
  ASSERT_EQ(f.notices.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(f.notices[i].attempt, static_cast<int>(i) + 2);
    EXPECT_EQ(f.notices[i].max_attempts, 5);
    EXPECT_EQ(f.notices[i].message, "cannot reach https://h:6443: connection refused");
  }
}

TEST(Retry, ARequestGivesUpWithinItsBudgetAndLaterRequestsFailAtOnce) {
  Fixture f(std::chrono::milliseconds(250));
  for (int i = 0; i < 10; ++i) f.transport->script.push_back(refused());
  auto r = f.call("GET", true);
  ASSERT_FALSE(r);
  std::chrono::milliseconds waited{0};
  for (auto s : f.clock.sleeps) waited += s;
  EXPECT_LT(waited, std::chrono::milliseconds(250));
  ASSERT_FALSE(f.transport->seen.empty());
  EXPECT_LT(f.transport->seen.back().timeout, std::chrono::milliseconds(251));  // each attempt within what is left
  // The server was just found unreachable for a whole budget: the next request does not try again.
  std::size_t sent = f.transport->seen.size();
  auto again = f.call("GET", true);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.status().message(), r.status().message());
  EXPECT_EQ(f.transport->seen.size(), sent);
}

TEST(Retry, AServerThatAnswersSlowlyIsGivenTheWholeBudget) {
  // The defaults: a loaded API server storing a MiB-sized CRD took more than 10 s to answer.
  EXPECT_EQ(ClientOptions{}.request_timeout, std::chrono::seconds(60));
  EXPECT_EQ(ClientOptions{}.unreachable_timeout, std::chrono::seconds(10));
  Fixture f(std::chrono::seconds(60));
  f.transport->each_takes = std::chrono::seconds(25);
  auto r = f.call("PATCH", true);
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(f.transport->seen.size(), 1u);
  EXPECT_EQ(f.transport->seen[0].timeout, std::chrono::seconds(60));
}

TEST(Retry, AServerThatCannotBeReachedIsGivenUpOnSoonerThanTheBudget) {
  Fixture f(std::chrono::seconds(60));
  for (int i = 0; i < 10; ++i) f.transport->script.push_back(refused());
  f.transport->each_takes = std::chrono::milliseconds(1500);  // each refused connection costs time too
  auto r = f.call("GET", true);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().code(), Status::Code::kUnavailable);
  auto spent = f.clock.now() - std::chrono::steady_clock::time_point{};
  EXPECT_LE(spent, std::chrono::seconds(10));
  EXPECT_GE(spent, std::chrono::seconds(5));  // it did retry for a while
  EXPECT_LT(f.transport->seen.size(), 8u);    // the time ran out before the attempts did
}

TEST(Retry, OneFailedPostDoesNotMarkTheServerUnreachable) {
  Fixture f;
  f.transport->script = {refused()};
  EXPECT_FALSE(f.call("POST", false));
  auto next = f.call("GET", true);
  ASSERT_TRUE(next) << next.status().message();
  EXPECT_EQ(next->status, 200);
}

TEST(ApiError, UnauthorizedAndForbiddenAreNamedAndMarked) {
  Status unauthorized = api_error(answer(401), "https://h:6443");
  EXPECT_EQ(unauthorized.message(), "Unauthorized: the kubeconfig's credentials were refused by https://h:6443");
  EXPECT_EQ(unauthorized.code(), Status::Code::kUnauthenticated);
  Status forbidden = api_error(answer(403), "https://h:6443");
  EXPECT_EQ(forbidden.message(), "Forbidden: m403");
  EXPECT_EQ(forbidden.code(), Status::Code::kForbidden);
  EXPECT_EQ(api_error(answer(404), "https://h:6443").code(), Status::Code::kOther);
  EXPECT_TRUE(api_error(answer(503), "https://h:6443").is_transient());
}

TEST(Discovery, AFailedDiscoveryIsAnErrorNeverAKindThatIsNotServed) {
  Fixture f;
  f.transport->script = {answer(401)};
  auto unauthorized = f.client->serves("v1", "ConfigMap");
  ASSERT_FALSE(unauthorized);
  EXPECT_EQ(unauthorized.status().code(), Status::Code::kUnauthenticated);
  f.transport->script = {answer(404)};
  auto broken = f.client->serves("v1", "ConfigMap");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.status().message(), "the server's discovery failed (/api): m404");
  EXPECT_EQ(broken.status().code(), Status::Code::kUnavailable);
  // A discovery that works and lacks the kind: not served, which is no error.
  f.transport->script = {HttpResponse{200, {}, R"({"kind":"APIVersions","versions":[]})", "1.1"},
                         HttpResponse{200, {}, R"({"kind":"APIGroupList","groups":[]})", "1.1"},
                         HttpResponse{200, {}, R"({"kind":"APIVersions","versions":[]})", "1.1"},
                         HttpResponse{200, {}, R"({"kind":"APIGroupList","groups":[]})", "1.1"}};
  auto absent = f.client->serves("example.com/v1", "Widget");
  ASSERT_TRUE(absent) << absent.status().message();
  EXPECT_FALSE(*absent);
}

TEST(RateLimiter, SpacesRequestsBeyondTheBurst) {
  testing::FakeClock clock;
  RateLimiter limiter(10, 2, clock);
  for (int i = 0; i < 4; ++i) limiter.acquire();
  // Two from the burst, then one every 100 ms.
  ASSERT_EQ(clock.sleeps.size(), 2u);
  for (auto s : clock.sleeps) EXPECT_NEAR(static_cast<double>(s.count()), 100, 2);
}

}  // namespace
}  // namespace bg::kube
