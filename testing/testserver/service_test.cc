// What a request meets before the Api: authentication, then injected faults.
#include "testing/testserver/service.h"

#include <gtest/gtest.h>

namespace bg::testserver {
namespace {

Request get(const std::string& path, const std::string& authorization = "") {
  Request r;
  r.method = "GET";
  r.path = path;
  if (!authorization.empty()) r.headers["authorization"] = authorization;
  return r;
}

TEST(Service, ServesTheBearerTokenAndAVerifiedUserAndAnswersAnyoneElse401) {
  Service service({}, {});
  auto anonymous = service.serve(get("/api/v1/namespaces"));
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(service.serve(get("/api/v1/namespaces", "Bearer wrong"))->status, 401);
  EXPECT_EQ(service.serve(get("/api/v1/namespaces", "Bearer " + service.token()))->status, 200);
  Request admin = get("/api/v1/namespaces");
  admin.user = "admin";  // the CN of a client certificate the HTTPS layer verified
  auto listed = service.serve(admin);
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200);
  EXPECT_NE(listed->body.find("\"kube-system\""), std::string::npos) << "the namespaces every cluster has";
  EXPECT_EQ(service.serve(get("/version"))->status, 200) << "public";
}

TEST(Service, InjectsFaultsAfterAuthentication) {
  Faults f;
  f.rate_503 = 1;
  Service service({}, f);
  EXPECT_EQ(service.serve(get("/api/v1/namespaces"))->status, 401);
  EXPECT_EQ(service.serve(get("/api/v1/namespaces", "Bearer " + service.token()))->status, 503);
  EXPECT_EQ(service.serve(get("/api", "Bearer " + service.token()))->status, 200) << "discovery is spared";
  f.rate_503 = 0;
  f.rate_drop = 1;
  service.faults().set(f);
  EXPECT_FALSE(service.serve(get("/api/v1/namespaces", "Bearer " + service.token()))) << "dropped: no answer";
}

}  // namespace
}  // namespace bg::testserver
