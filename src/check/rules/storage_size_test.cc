#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::findings_of;

struct SizeCase {
  const char* name;
  const char* size;
  std::vector<std::string> expected;
};

std::string volume(const std::string& size) {
  return "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: data}\n"
         "spec:\n  capacity: {storage: " + size + "}\n  accessModes: [ReadWriteOnce]\n"
         "  local: {path: /mnt/ssd/data}\n";
}

class StorageSize : public ::testing::TestWithParam<SizeCase> {};

TEST_P(StorageSize, JudgesTheVolumesSize) {
  EXPECT_EQ(findings_of("storage-size", volume(GetParam().size)), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, StorageSize,
    ::testing::Values(
        SizeCase{"gibibytes_are_meant", "50Gi", {}},
        SizeCase{"one_mebibyte_is_the_least_meant", "1Mi", {}},
        SizeCase{"decimal_units_are_meant", "2G", {}},
        SizeCase{"an_exponent_is_a_unit", "5e9", {}},
        SizeCase{"a_quoted_number_counts_bytes", "\"50\"",
                 {"storage-size 5:23: size \"50\" has no unit, so it is 50 bytes"}},
        SizeCase{"a_bare_number_counts_bytes", "50",
                 {"storage-size 5:23: size \"50\" has no unit, so it is 50 bytes"}},
        SizeCase{"kibibytes_are_too_small", "512Ki",
                 {"storage-size 5:23: size \"512Ki\" is under 1Mi, too small for a volume"}},
        SizeCase{"not_a_quantity_is_the_schemas_business", "lots", {}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(StorageSize, AClaimsRequestIsJudgedToo) {
  std::string claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: db}\n"
                      "spec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: \"20\"}}\n";
  EXPECT_EQ(findings_of("storage-size", claim),
            std::vector<std::string>{"storage-size 6:35: size \"20\" has no unit, so it is 20 bytes"});
}

}  // namespace
}  // namespace bg::check
