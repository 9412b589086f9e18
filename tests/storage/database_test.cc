#include "storage/database.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/connection_pool.h"
#include "storage/database_url.h"
#include "storage/migrations.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::relance::testing::TestDatabase;
using ::testing::HasSubstr;

// Counts the recorded migrations, checking each embedded one is recorded
// exactly once.
void ExpectEachMigrationRecordedOnce(const TestDatabase& database) {
  const absl::Span<const Migration> migrations =
      EmbeddedMigrations(database.dialect());
  ASSERT_FALSE(migrations.empty());
  absl::StatusOr<long long> recorded =
      database.QueryInteger("SELECT COUNT(*) FROM schema_migrations");
  ASSERT_THAT(recorded, IsOk());
  EXPECT_EQ(*recorded, static_cast<long long>(migrations.size()));
  for (const Migration& migration : migrations) {
    absl::StatusOr<long long> count = database.QueryInteger(
        absl::StrCat("SELECT COUNT(*) FROM schema_migrations WHERE version = ",
                     migration.version));
    ASSERT_THAT(count, IsOk());
    EXPECT_EQ(*count, 1) << migration.file_name;
  }
}

TEST_P(RepositoryContractTest,
       ServersOpeningAFreshDatabaseTogetherMigrateItOnce) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<TestDatabase> fresh,
                               TestDatabase::Create(GetParam()));
  constexpr int kServers = 4;
  std::vector<absl::StatusOr<std::unique_ptr<Database>>> opened;
  for (int i = 0; i < kServers; ++i)
    opened.emplace_back(absl::UnknownError("not run"));
  std::vector<std::thread> servers;
  for (int i = 0; i < kServers; ++i) {
    servers.emplace_back([&, i] { opened[i] = fresh->Open({.pool_size = 2}); });
  }
  for (std::thread& server : servers) server.join();
  for (const auto& database : opened) ASSERT_THAT(database, IsOk());

  ExpectEachMigrationRecordedOnce(*fresh);
  // Each of them works on the one schema.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord client,
      (*opened[0])->clients().Create(SampleClient("C-1"), "", Now()));
  EXPECT_THAT((*opened[kServers - 1])->clients().Get(client.id), IsOk());
}

TEST_P(RepositoryContractTest,
       ReopeningAMigratedDatabaseKeepsItsDataAndAppliesNothing) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> reopened,
                               test_database().Open());
  EXPECT_EQ(reopened->dialect(), GetParam());
  EXPECT_THAT(reopened->clients().Get(client.id), IsOk());
  ExpectEachMigrationRecordedOnce(test_database());
}

TEST_P(RepositoryContractTest,
       DatabaseMigratedByANewerBuildIsFailedPrecondition) {
  ASSERT_THAT(test_database().Execute("INSERT INTO schema_migrations (version, "
                                      "applied_at) VALUES (999999, 0)"),
              IsOk());
  EXPECT_THAT(
      test_database().Open(),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("999999")));
}

TEST_P(RepositoryContractTest,
       ExhaustedPoolAnswersUnavailableWithinTheAcquireTimeout) {
  RELANCE_ASSERT_OK_AND_ASSIGN(DatabaseUrl url,
                               ParseDatabaseUrl(test_database().url()));
  constexpr absl::Duration kAcquireTimeout = absl::Milliseconds(200);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<ConnectionPool> pool,
      ConnectionPool::Open(
          url, {.pool_size = 2, .acquire_timeout = kAcquireTimeout}));
  RELANCE_ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease first, pool->Acquire());
  {
    RELANCE_ASSERT_OK_AND_ASSIGN(ConnectionPool::Lease second, pool->Acquire());

    const absl::Time start = absl::Now();
    EXPECT_THAT(pool->Acquire(),
                StatusIs(absl::StatusCode::kUnavailable,
                         HasSubstr("no database connection free within")));
    const absl::Duration waited = absl::Now() - start;
    EXPECT_GE(waited, kAcquireTimeout - absl::Milliseconds(20));
    EXPECT_LT(waited, kAcquireTimeout + absl::Seconds(5));
  }
  // A connection given back serves the next caller.
  EXPECT_THAT(pool->Acquire(), IsOk());
}

// Only PostgreSQL connections can be lost: SQLite runs in the process.
class ConnectionLossTest : public RepositoryContractTest {};
INSTANTIATE_TEST_SUITE_P(Backends, ConnectionLossTest,
                         ::testing::Values(Dialect::kPostgresql),
                         testing::DialectTestName);

TEST_P(ConnectionLossTest, ConnectionsTheServerClosedAreReopenedTransparently) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> database,
                               test_database().Open({.pool_size = 2}));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord client,
      database->clients().Create(SampleClient("C-1"), "", Now()));

  // What a server restart or a failover does to every pooled connection.
  absl::StatusOr<long long> terminated = test_database().QueryInteger(
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  ASSERT_THAT(terminated, IsOk());
  ASSERT_GE(*terminated, 2);

  EXPECT_THAT(database->clients().Get(client.id), IsOk());
  EXPECT_THAT(database->clients().Create(SampleClient("C-2"), "", Now()),
              IsOk());
  EXPECT_THAT(database->clients().Get(client.id), IsOk());
}

// --- Opening, independent of any backend's data. ---

TEST(OpenDatabaseTest, RejectsMalformedUrls) {
  for (const char* url :
       {"", "mysql://localhost/relance",
        "sqlite:", "sqlite::memory:", "sqlite:/tmp/a\"b.db",
        "postgresql://host/db?no_such_option=1", "postgresql://host/my db"}) {
    EXPECT_THAT(OpenDatabase(url), StatusIs(absl::StatusCode::kInvalidArgument))
        << url;
  }
}

TEST(OpenDatabaseTest, RejectsOptionsOutOfRange) {
  EXPECT_THAT(OpenDatabase("sqlite:/nonexistent/relance.db", {.pool_size = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(OpenDatabase("sqlite:/nonexistent/relance.db",
                           {.acquire_timeout = absl::InfiniteDuration()}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(OpenDatabase("sqlite:/nonexistent/relance.db",
                           {.lock_timeout = -absl::Seconds(1)}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(OpenDatabaseTest, UnreachableDatabaseIsUnavailable) {
  EXPECT_THAT(OpenDatabase("sqlite:/nonexistent-directory/relance.db"),
              StatusIs(absl::StatusCode::kUnavailable));
  // Nothing listens on port 1.
  EXPECT_THAT(OpenDatabase("postgresql://relance@127.0.0.1:1/relance"),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST(OpenDatabaseTest, RefusesToOpenWithoutTheWorkflowRules) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<TestDatabase> scratch,
                               TestDatabase::Create(Dialect::kSqlite));
  // Settlements and the sweep would have no one to decide for them.
  EXPECT_THAT(OpenDatabase(scratch->url()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("options.workflow_rules")));
  EXPECT_THAT(OpenDatabase(scratch->url(), testing::WithWorkflowRules()),
              IsOk());
}

TEST(OpenDatabaseTest, SqlitePathMayContainSpacesAndEquals) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<TestDatabase> scratch,
                               TestDatabase::Create(Dialect::kSqlite));
  // The scratch database's directory, holding another file with an awkward
  // name.
  std::string url = scratch->url();
  url.replace(url.rfind('/'), std::string::npos, "/my books=2026.db");
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> database,
                               OpenDatabase(url, testing::WithWorkflowRules()));
  EXPECT_EQ(database->dialect(), Dialect::kSqlite);
  EXPECT_THAT(database->clients().List({}, {}), IsOk());
}

}  // namespace
}  // namespace relance::storage
