#ifndef RELANCE_TESTS_TESTING_TEST_DATABASE_H_
#define RELANCE_TESTS_TESTING_TEST_DATABASE_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "storage/database.h"

// Fresh databases for tests, on SQLite and on PostgreSQL.
//
// PostgreSQL cases need a server: RELANCE_TEST_POSTGRESQL_URL names one (a
// libpq URL with the rights to create databases, e.g.
// postgresql://postgres@127.0.0.1:5432/postgres). Without it they are skipped,
// and say so, unless RELANCE_REQUIRE_POSTGRESQL=1, which makes them fail.
namespace relance::testing {

// "sqlite" or "postgresql".
std::string DialectName(storage::Dialect dialect);

// Names parameterised tests after their dialect:
// INSTANTIATE_TEST_SUITE_P(Backends, SomeTest,
// ::testing::Values(Dialect::kSqlite, Dialect::kPostgresql), DialectTestName).
std::string DialectTestName(
    const ::testing::TestParamInfo<storage::Dialect>& info);

// The value of RELANCE_TEST_POSTGRESQL_URL, if set and not empty.
std::optional<std::string> PostgresqlServerUrl();

// Whether RELANCE_REQUIRE_POSTGRESQL=1.
bool PostgresqlRequired();

// Whether tests can get a database of `dialect`; when not, sets *why.
bool TestDatabaseAvailable(storage::Dialect dialect, std::string* why);

// `options` with the domain's workflow rules (server/domain/workflow_rules.h),
// which OpenDatabase requires, unless they name rules already.
storage::DatabaseOptions WithWorkflowRules(
    storage::DatabaseOptions options = {});

// A new, empty database that is deleted with this object: a file in a new
// temporary directory (SQLite) or a database relance_test_<random> on the
// server of RELANCE_TEST_POSTGRESQL_URL.
class TestDatabase {
 public:
  // FAILED_PRECONDITION if no database of `dialect` is available (see
  // TestDatabaseAvailable); otherwise what creating it returned.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(
      storage::Dialect dialect);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  storage::Dialect dialect() const { return dialect_; }
  // The URL to pass to storage::OpenDatabase.
  const std::string& url() const { return url_; }

  // OpenDatabase(url(), WithWorkflowRules(options)), which applies the
  // migrations.
  absl::StatusOr<std::unique_ptr<storage::Database>> Open(
      const storage::DatabaseOptions& options = {}) const;

  // Runs a query that returns one integer, e.g. "SELECT COUNT(*) FROM
  // invoices", on a connection of its own, bypassing the repositories.
  absl::StatusOr<long long> QueryInteger(absl::string_view sql) const;
  // Runs one statement on a connection of its own, bypassing the repositories.
  absl::Status Execute(absl::string_view sql) const;

 private:
  TestDatabase(storage::Dialect dialect, std::string url,
               std::string sqlite_directory, std::string postgresql_server_url,
               std::string postgresql_database)
      : dialect_(dialect),
        url_(std::move(url)),
        sqlite_directory_(std::move(sqlite_directory)),
        postgresql_server_url_(std::move(postgresql_server_url)),
        postgresql_database_(std::move(postgresql_database)) {}

  const storage::Dialect dialect_;
  const std::string url_;
  // What to delete: the SQLite file's directory, or the PostgreSQL database on
  // its server.
  const std::string sqlite_directory_;
  const std::string postgresql_server_url_;
  const std::string postgresql_database_;
};

// In a test body or SetUp(): skips the test, or fails it when PostgreSQL is
// required, if no database of `dialect` is available.
#define RELANCE_SKIP_WITHOUT_TEST_DATABASE(dialect)                           \
  if (std::string relance_unavailable_why;                                    \
      !::relance::testing::TestDatabaseAvailable((dialect),                   \
                                                 &relance_unavailable_why)) { \
    if (::relance::testing::PostgresqlRequired()) {                           \
      FAIL() << relance_unavailable_why                                       \
             << " (failing: RELANCE_REQUIRE_POSTGRESQL=1)";                   \
    } else {                                                                  \
      GTEST_SKIP() << relance_unavailable_why;                                \
    }                                                                         \
  }

// A fixture giving each test a fresh, migrated database of its parameter's
// dialect. A subclass that overrides SetUp() calls DatabaseTest::SetUp() first
// and returns if IsSkipped() or HasFatalFailure().
class DatabaseTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override;
  void TearDown() override;

  storage::Database& database() { return *database_; }
  const TestDatabase& test_database() const { return *test_database_; }

 private:
  std::unique_ptr<TestDatabase> test_database_;
  std::unique_ptr<storage::Database> database_;
};

}  // namespace relance::testing

namespace relance::storage {

// Lets gtest print a Dialect parameter as its name.
inline void PrintTo(Dialect dialect, std::ostream* out) {
  *out << ::relance::testing::DialectName(dialect);
}

}  // namespace relance::storage

#endif  // RELANCE_TESTS_TESTING_TEST_DATABASE_H_
