#include "platform/dns.h"

#include <gtest/gtest.h>

#include "pipeline/pipeline.h"
#include "testing/fixtures.h"

namespace bg::platform {
namespace {

const Platform& example() {
  static const pipeline::PipelineResult r = pipeline::run_text(testing::skeleton_spec(), "examples/betelgeusebytes.yaml");
  return r.platform;
}

TEST(Dns, EveryUiHostAndTheTcpEntryPointAtTheIngressNodes) {
  std::vector<DnsRecord> records = dns_records(example());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].name, "grafana.betelgeusebytes.io");
  EXPECT_EQ(records[0].type, "A");
  EXPECT_EQ(records[0].value, "203.0.113.10");
  EXPECT_EQ(records[1].name, "tcp.betelgeusebytes.io");
  EXPECT_EQ(records[1].purpose, "raw TCP entry");
}

TEST(Dns, TheZoneFragmentIsBindSyntaxRelativeToTheDomain) {
  EXPECT_EQ(zone_file_path(example()), "dns/betelgeusebytes.io.zone");
  EXPECT_EQ(zone_fragment(example()),
            "; DNS records of platform betelgeusebytes, written by betelgeuse render; do not edit.\n"
            "; A fragment, not a zone: no SOA or NS. Load it into the zone of betelgeusebytes.io or $INCLUDE it there.\n"
            "$ORIGIN betelgeusebytes.io.\n"
            "$TTL 300\n"
            "grafana IN A    203.0.113.10  ; UI of grafana\n"
            "tcp     IN A    203.0.113.10  ; raw TCP entry\n");
}

TEST(Dns, SeveralIngressNodesIPv6AndHostsOutsideTheDomain) {
  Platform p;
  p.name = "t";
  p.domain = "example.org";
  p.ingress_addresses = {"192.0.2.2", "2001:db8::1", "192.0.2.1"};
  catalog::Blueprint bp;
  Component c;
  c.name = "ui";
  c.blueprint = &bp;
  c.ui = UiRoute{"console.other.net", "ui", 80, false};
  p.components.push_back(c);
  std::vector<DnsRecord> records = dns_records(p);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].value, "192.0.2.1") << "sorted, so the output is stable";
  EXPECT_EQ(records[2].type, "AAAA");
  std::string zone = zone_fragment(p);
  EXPECT_NE(zone.find("console.other.net. IN AAAA 2001:db8::1"), std::string::npos) << zone;
  EXPECT_EQ(zone.find("tcp"), std::string::npos) << "no raw TCP, no TCP entry host";
}

}  // namespace
}  // namespace bg::platform
