// The weather the fault injector makes: here, a server that dies after so many writes.
#include "testing/testserver/faults.h"

#include <gtest/gtest.h>

namespace bg::testserver {
namespace {

using Action = FaultInjector::Action;

TEST(FaultInjector, AServerThatDiesAfterTwoWritesDropsEverythingAfterThemUntilFaultsAreSetAgain) {
  FaultInjector faults;
  Faults dies;
  dies.die_after_writes = 2;
  faults.set(dies);
  EXPECT_EQ(faults.next("GET", "/api/v1/namespaces/db/secrets"), Action::kNone);  // reads are not counted
  EXPECT_EQ(faults.next("PATCH", "/api/v1/namespaces/db/secrets/a"), Action::kNone);
  EXPECT_EQ(faults.next("DELETE", "/api/v1/namespaces/db/secrets/b"), Action::kNone);
  EXPECT_EQ(faults.next("GET", "/api/v1/namespaces/db/secrets"), Action::kDrop);
  EXPECT_EQ(faults.next("GET", "/api"), Action::kDrop) << "discovery dies too";
  EXPECT_EQ(faults.next("POST", "/api/v1/namespaces"), Action::kDrop);
  EXPECT_EQ(faults.injected(), 3);
  faults.set({});
  EXPECT_EQ(faults.next("PATCH", "/api/v1/namespaces/db/secrets/a"), Action::kNone);
}

TEST(FaultInjector, ADeathCountsFromTheMomentItIsSet) {
  FaultInjector faults;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(faults.next("PATCH", "/api/v1/namespaces/db/secrets/a"), Action::kNone);
  Faults dies;
  dies.die_after_writes = 1;
  faults.set(dies);
  EXPECT_EQ(faults.next("PATCH", "/api/v1/namespaces/db/secrets/a"), Action::kNone);
  EXPECT_EQ(faults.next("PATCH", "/api/v1/namespaces/db/secrets/a"), Action::kDrop);
}

}  // namespace
}  // namespace bg::testserver
