#include "tests/testing/test_database.h"

#include <libpq-fe.h>
#include <soci/soci.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"
#include "server/domain/workflow_rules.h"
#include "storage/connection_pool.h"
#include "storage/database.h"
#include "storage/database_url.h"

namespace relance::testing {
namespace {

using storage::Dialect;

constexpr char kPostgresqlUrlVariable[] = "RELANCE_TEST_POSTGRESQL_URL";
constexpr char kRequirePostgresqlVariable[] = "RELANCE_REQUIRE_POSTGRESQL";

// `server_url` with its database name replaced by `database`:
// postgresql://u@h:5432/postgres?sslmode=disable ->
// postgresql://u@h:5432/DATABASE?sslmode=...
std::string WithDatabaseName(absl::string_view server_url,
                             absl::string_view database) {
  size_t authority = server_url.find("://");
  authority = authority == absl::string_view::npos ? 0 : authority + 3;
  const size_t path = server_url.find_first_of("/?", authority);
  if (path == absl::string_view::npos)
    return absl::StrCat(server_url, "/", database);
  const size_t query = server_url.find('?', path);
  const absl::string_view parameters = query == absl::string_view::npos
                                           ? absl::string_view()
                                           : server_url.substr(query);
  return absl::StrCat(server_url.substr(0, path), "/", database, parameters);
}

// Runs `sql` on the PostgreSQL server at `server_url` with libpq: CREATE and
// DROP DATABASE cannot run inside the transaction blocks SOCI may open.
absl::Status ExecuteOnServer(const std::string& server_url,
                             const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> connection(
      PQconnectdb(server_url.c_str()), &PQfinish);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    return absl::UnavailableError(
        absl::StrCat("cannot connect to ", kPostgresqlUrlVariable, " (",
                     server_url, "): ", PQerrorMessage(connection.get())));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexec(connection.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return absl::InternalError(
        absl::StrCat(sql, " failed: ", PQresultErrorMessage(result.get())));
  }
  return absl::OkStatus();
}

std::string TemporaryRoot() {
  for (const char* variable : {"TEST_TMPDIR", "TMPDIR"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != '\0') return value;
  }
  return "/tmp";
}

// A connection of its own to `url`, for queries that bypass the repositories.
absl::StatusOr<std::unique_ptr<storage::ConnectionPool>> OpenSingleConnection(
    const std::string& url) {
  absl::StatusOr<storage::DatabaseUrl> parsed = storage::ParseDatabaseUrl(url);
  if (!parsed.ok()) return parsed.status();
  storage::DatabaseOptions options;
  options.pool_size = 1;
  return storage::ConnectionPool::Open(*parsed, options);
}

}  // namespace

std::string DialectName(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite" : "postgresql";
}

std::string DialectTestName(const ::testing::TestParamInfo<Dialect>& info) {
  return DialectName(info.param);
}

std::optional<std::string> PostgresqlServerUrl() {
  const char* url = std::getenv(kPostgresqlUrlVariable);
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

bool PostgresqlRequired() {
  const char* required = std::getenv(kRequirePostgresqlVariable);
  return required != nullptr && absl::string_view(required) == "1";
}

bool TestDatabaseAvailable(Dialect dialect, std::string* why) {
  if (dialect == Dialect::kPostgresql && !PostgresqlServerUrl().has_value()) {
    *why = absl::StrCat("PostgreSQL case not run: set ", kPostgresqlUrlVariable,
                        " to a server where databases may be created, e.g. "
                        "postgresql://postgres@127.0.0.1:5432/postgres");
    return false;
  }
  return true;
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(
    Dialect dialect) {
  if (std::string why; !TestDatabaseAvailable(dialect, &why)) {
    return absl::FailedPreconditionError(why);
  }
  switch (dialect) {
    case Dialect::kSqlite: {
      std::string directory = TemporaryRoot() + "/relance_test_XXXXXX";
      if (mkdtemp(directory.data()) == nullptr) {
        return absl::InternalError(
            absl::StrCat("mkdtemp in ", TemporaryRoot(), " failed"));
      }
      std::string url = absl::StrCat("sqlite:", directory, "/relance.db");
      return std::unique_ptr<TestDatabase>(new TestDatabase(
          dialect, std::move(url), std::move(directory), "", ""));
    }
    case Dialect::kPostgresql: {
      const std::string server_url = *PostgresqlServerUrl();
      absl::BitGen random;
      const std::string name = absl::StrFormat(
          "relance_test_%016x", absl::Uniform<std::uint64_t>(random));
      absl::Status created =
          ExecuteOnServer(server_url, absl::StrCat("CREATE DATABASE ", name));
      if (!created.ok()) return created;
      return std::unique_ptr<TestDatabase>(new TestDatabase(
          dialect, WithDatabaseName(server_url, name), "", server_url, name));
    }
  }
  return absl::InvalidArgumentError("unknown dialect");
}

TestDatabase::~TestDatabase() {
  if (!sqlite_directory_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(sqlite_directory_, ignored);
  }
  if (!postgresql_database_.empty()) {
    // FORCE ends connections a failed test may have left open.
    absl::Status dropped =
        ExecuteOnServer(postgresql_server_url_,
                        absl::StrCat("DROP DATABASE IF EXISTS ",
                                     postgresql_database_, " WITH (FORCE)"));
    if (!dropped.ok())
      ADD_FAILURE() << "test database left behind: " << dropped;
  }
}

storage::DatabaseOptions WithWorkflowRules(storage::DatabaseOptions options) {
  // Stateless and pure: one for every test database.
  static const CollectionsRules rules;
  if (options.workflow_rules == nullptr) options.workflow_rules = &rules;
  return options;
}

absl::StatusOr<std::unique_ptr<storage::Database>> TestDatabase::Open(
    const storage::DatabaseOptions& options) const {
  return storage::OpenDatabase(url_, WithWorkflowRules(options));
}

absl::StatusOr<long long> TestDatabase::QueryInteger(
    absl::string_view sql) const {
  absl::StatusOr<std::unique_ptr<storage::ConnectionPool>> pool =
      OpenSingleConnection(url_);
  if (!pool.ok()) return pool.status();
  absl::StatusOr<storage::ConnectionPool::Lease> lease = (*pool)->Acquire();
  if (!lease.ok()) return lease.status();
  try {
    long long value = 0;
    lease->session() << std::string(sql), soci::into(value);
    return value;
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat(sql, ": ", error.what()));
  }
}

absl::Status TestDatabase::Execute(absl::string_view sql) const {
  absl::StatusOr<std::unique_ptr<storage::ConnectionPool>> pool =
      OpenSingleConnection(url_);
  if (!pool.ok()) return pool.status();
  absl::StatusOr<storage::ConnectionPool::Lease> lease = (*pool)->Acquire();
  if (!lease.ok()) return lease.status();
  try {
    lease->session() << std::string(sql);
    return absl::OkStatus();
  } catch (const std::exception& error) {
    return absl::InternalError(absl::StrCat(sql, ": ", error.what()));
  }
}

void DatabaseTest::SetUp() {
  RELANCE_SKIP_WITHOUT_TEST_DATABASE(GetParam());
  absl::StatusOr<std::unique_ptr<TestDatabase>> test_database =
      TestDatabase::Create(GetParam());
  ASSERT_TRUE(test_database.ok()) << test_database.status();
  test_database_ = *std::move(test_database);
  absl::StatusOr<std::unique_ptr<storage::Database>> database =
      test_database_->Open();
  ASSERT_TRUE(database.ok()) << database.status();
  database_ = *std::move(database);
}

void DatabaseTest::TearDown() {
  // The connections close before the database is deleted.
  database_.reset();
  test_database_.reset();
}

}  // namespace relance::testing
