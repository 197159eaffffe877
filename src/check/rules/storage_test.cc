#include <gtest/gtest.h>

#include "testing/check_fixtures.h"

namespace bg::check {
namespace {

using testing::findings_of;
using testing::with;

using Lines = std::vector<std::string>;

const char* kStatefulSet = R"(apiVersion: apps/v1
kind: StatefulSet
metadata: {name: postgres, namespace: db}
spec:
  serviceName: postgres
  selector: {matchLabels: {app: postgres}}
  template:
    metadata: {labels: {app: postgres}}
    spec:
      containers:
      - name: postgres
        image: postgres:18.3
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: CLASS
      resources: {requests: {storage: 10Gi}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-ssd}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: network}
provisioner: driver.longhorn.io
)";

TEST(LocalStorage, AClaimOnALocalClassIsFine) {
  std::string text = with(kStatefulSet, "CLASS", "local-ssd");
  EXPECT_EQ(findings_of("local-storage", text), Lines{});
  EXPECT_EQ(findings_of("storage-class-missing", text), Lines{});
}

TEST(LocalStorage, AClaimOnANetworkClassIsAFinding) {
  EXPECT_EQ(findings_of("local-storage", with(kStatefulSet, "CLASS", "network")),
            Lines{"local-storage 17:25: claim \"data\" of StatefulSet \"postgres\" uses StorageClass \"network\" "
                  "(provisioner driver.longhorn.io), which is not local storage"});
}

TEST(LocalStorage, AClaimWithoutClassFallsToAnUnknownDefault) {
  EXPECT_EQ(findings_of("local-storage", with(kStatefulSet, "      storageClassName: CLASS\n", "")),
            Lines{"local-storage 14:5: claim \"data\" of StatefulSet \"postgres\" names no StorageClass, so it gets the "
                  "cluster's default, which may not be local storage"});
}

TEST(StorageClassMissing, ANamedClassTheSetLacksIsAFinding) {
  EXPECT_EQ(findings_of("storage-class-missing", with(kStatefulSet, "CLASS", "fast")),
            Lines{"storage-class-missing 17:25: volumeClaimTemplate \"data\" of StatefulSet \"postgres\" names "
                  "StorageClass \"fast\", which is not in the set"});
  std::string pvc = "---\napiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: cache, namespace: db}\nspec:\n"
                    "  storageClassName: fast\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n";
  EXPECT_EQ(findings_of("storage-class-missing", with(kStatefulSet, "CLASS", "local-ssd") + pvc),
            Lines{"storage-class-missing 35:21: PersistentVolumeClaim \"cache\" names StorageClass \"fast\", which is "
                  "not in the set"});
}

TEST(StorageClassMissing, ASetWithoutStorageClassesReliesOnTheCluster) {
  std::string only_sts = std::string(kStatefulSet).substr(0, std::string(kStatefulSet).find("---"));
  EXPECT_EQ(findings_of("storage-class-missing", with(only_sts, "CLASS", "fast")), Lines{});
  EXPECT_EQ(findings_of("local-storage", with(only_sts, "CLASS", "fast")), Lines{});
}

}  // namespace
}  // namespace bg::check
