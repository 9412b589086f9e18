// relanced's storage across a restart of its PostgreSQL server: calls while it
// is down fail at once with UNAVAILABLE, and once it is back the pool's broken
// connections are replaced without anyone reopening the database. Runs on a
// server of its own, never on the shared test server.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/interfaces/records.h"
#include "tests/testing/postgresql_server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::PostgresqlServer;
using ::relance::testing::StatusIs;

ClientRecord Client(const std::string& reference) {
  ClientRecord client;
  client.reference = reference;
  client.name = "Garage Moreau";
  return client;
}

class PostgresqlRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    server_ = PostgresqlServer::Start(&why);
    if (server_ == nullptr) {
      if (testing::PostgresqlRequired()) FAIL() << why;
      GTEST_SKIP() << why;
    }
    absl::StatusOr<std::unique_ptr<Database>> database = OpenDatabase(
        server_->url(),
        testing::WithWorkflowRules(
            {.pool_size = 3, .acquire_timeout = absl::Seconds(2)}));
    ASSERT_THAT(database, IsOk());
    database_ = *std::move(database);
  }

  std::unique_ptr<PostgresqlServer> server_;
  std::unique_ptr<Database> database_;
};

TEST_F(PostgresqlRestartTest, CallsAfterARestartSucceedOnReopenedConnections) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord before,
      database_->clients().Create(Client("C-1"), "", absl::Now()));
  ASSERT_TRUE(server_->Restart());

  // Every pooled connection was cut: each call meets a dead one, reopens it
  // and runs again.
  for (int i = 0; i < 6; ++i) {
    EXPECT_THAT(database_->clients().Get(before.id), IsOk()) << i;
  }
  EXPECT_THAT(database_->clients().Create(Client("C-2"), "", absl::Now()),
              IsOk());
}

TEST_F(PostgresqlRestartTest, CallsWhileTheServerIsDownAreUnavailableAtOnce) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord before,
      database_->clients().Create(Client("C-1"), "", absl::Now()));
  ASSERT_TRUE(server_->Stop());

  for (int i = 0; i < 4; ++i) {
    const absl::Time start = absl::Now();
    EXPECT_THAT(database_->clients().Get(before.id),
                StatusIs(absl::StatusCode::kUnavailable));
    EXPECT_THAT(database_->clients().Create(Client("C-2"), "", absl::Now()),
                StatusIs(absl::StatusCode::kUnavailable));
    // No hanging: a refused connection is known at once.
    EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  }

  ASSERT_TRUE(server_->StartAgain());
  EXPECT_THAT(database_->clients().Get(before.id), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord after,
      database_->clients().Create(Client("C-2"), "", absl::Now()));
  // What failed during the outage wrote nothing: C-2 is new now.
  EXPECT_THAT(database_->clients().Get(after.id), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(auto page, database_->clients().List({}, {}));
  EXPECT_EQ(page.items.size(), 2u);
}

}  // namespace
}  // namespace relance::storage
