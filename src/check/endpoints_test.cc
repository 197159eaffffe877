#include "check/endpoints.h"

#include <gtest/gtest.h>

namespace bg::check {
namespace {

// "name.ns:port@offset text" of every endpoint, port "-" when none.
std::vector<std::string> found(std::string_view s) {
  std::vector<std::string> out;
  for (const Endpoint& e : find_endpoints(s))
    out.push_back(e.service + "." + e.ns + ":" + (e.port ? std::to_string(*e.port) : "-") + "@" +
                  std::to_string(e.offset) + " " + e.text);
  return out;
}

using Lines = std::vector<std::string>;

TEST(Endpoints, AClusterDnsNameWithAndWithoutPort) {
  EXPECT_EQ(found("postgres.db.svc"), Lines{"postgres.db:-@0 postgres.db.svc"});
  EXPECT_EQ(found("postgres.db.svc:5432"), Lines{"postgres.db:5432@0 postgres.db.svc:5432"});
  EXPECT_EQ(found("minio.objectstore.svc.cluster.local:9000"),
            Lines{"minio.objectstore:9000@0 minio.objectstore.svc.cluster.local:9000"});
}

TEST(Endpoints, AUrlTakesTheSchemesDefaultPort) {
  EXPECT_EQ(found("http://tempo.observability.svc"), Lines{"tempo.observability:80@0 http://tempo.observability.svc"});
  EXPECT_EQ(found("https://api.shop"), Lines{"api.shop:443@0 https://api.shop"});
  EXPECT_EQ(found("postgresql://u:p@db.data/app"), Lines{"db.data:5432@0 postgresql://u:p@db.data"});
  EXPECT_EQ(found("PLAINTEXT://kafka.streaming.svc:9092,EXTERNAL://203.0.113.10:9094"),
            Lines{"kafka.streaming:9092@0 PLAINTEXT://kafka.streaming.svc:9092"});
}

TEST(Endpoints, AnExplicitPortWinsOverTheScheme) {
  EXPECT_EQ(found("url: http://tempo.observability.svc:3200/api"),
            Lines{"tempo.observability:3200@5 http://tempo.observability.svc:3200"});
}

TEST(Endpoints, APodsHostNameNamesItsHeadlessService) {
  EXPECT_EQ(found("kafka-0.kafka-headless.streaming.svc:9093"),
            Lines{"kafka-headless.streaming:9093@0 kafka-0.kafka-headless.streaming.svc:9093"});
}

TEST(Endpoints, SeveralInOneStringInOrder) {
  EXPECT_EQ(found("--db \"postgresql://$U:$P@postgres.db.svc:5432/x\" --s3 http://minio.objectstore:9000\n"),
            (Lines{"postgres.db:5432@6 postgresql://$U:$P@postgres.db.svc:5432",
                   "minio.objectstore:9000@54 http://minio.objectstore:9000"}));
}

TEST(Endpoints, OtherHostsAreNotEndpoints) {
  EXPECT_EQ(found("https://grafana.example.io/"), Lines{});         // three labels, no .svc
  EXPECT_EQ(found("http://minio:9000"), Lines{});                    // no namespace
  EXPECT_EQ(found("example.com:443"), Lines{});                      // no scheme, no .svc
  EXPECT_EQ(found("http://10.0.0.1:80"), Lines{});                   // an address
  EXPECT_EQ(found("http://$(HOST).svc:80"), Lines{});                // a variable
  EXPECT_EQ(found("a.svc"), Lines{});                                // no namespace before .svc
  EXPECT_EQ(found("web.shop.svc:1234567"), Lines{});                 // not a port
  EXPECT_EQ(found("log level info, no address here"), Lines{});
}

TEST(Endpoints, AnUnknownSchemeGivesNoPort) {
  EXPECT_EQ(found("grpc://otel.observability"), Lines{"otel.observability:-@0 grpc://otel.observability"});
}

TEST(Endpoints, DefaultPorts) {
  EXPECT_EQ(default_port("HTTPS"), 443);
  EXPECT_EQ(default_port("bolt"), 7687);
  EXPECT_EQ(default_port("gopher"), std::nullopt);
}

}  // namespace
}  // namespace bg::check
