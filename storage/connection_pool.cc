#include "storage/connection_pool.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstddef>
#include <exception>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/native_connection.h"
#include "storage/sql_errors.h"

namespace relance::storage {
namespace {

long long Milliseconds(absl::Duration duration) {
  return absl::ToInt64Milliseconds(duration);
}

// The backends are linked in rather than loaded by name at run time.
const soci::backend_factory& BackendFactory(Dialect dialect) {
  switch (dialect) {
    case Dialect::kSqlite:
      return soci::sqlite3;
    case Dialect::kPostgresql:
      break;
  }
  return soci::postgresql;
}

// Runs the per-connection settings. SQLite: write-ahead logging lets readers
// run alongside the writer; synchronous=NORMAL in WAL mode still keeps every
// acknowledged commit across a crash of the process (only a power loss may undo
// the latest ones); foreign keys are off unless asked for; the busy timeout
// makes a writer wait for the write lock instead of failing. PostgreSQL:
// lock_timeout bounds how long a statement waits for a row another transaction
// holds; notices ("relation already exists, skipping") would go to stderr.
void ConfigureSession(soci::session& session, Dialect dialect,
                      const DatabaseOptions& options) {
  EnableDetailedErrors(session, dialect);
  switch (dialect) {
    case Dialect::kSqlite: {
      session << "PRAGMA busy_timeout = " +
                     std::to_string(Milliseconds(options.lock_timeout));
      std::string journal_mode;
      session << "PRAGMA journal_mode = WAL", soci::into(journal_mode);
      if (journal_mode != "wal") {
        throw soci::soci_error(
            "SQLite refused write-ahead logging (journal mode " + journal_mode +
            ")");
      }
      session << "PRAGMA synchronous = NORMAL";
      session << "PRAGMA foreign_keys = ON";
      break;
    }
    case Dialect::kPostgresql:
      session << "SET lock_timeout = " +
                     std::to_string(Milliseconds(options.lock_timeout));
      session << "SET client_min_messages = warning";
      break;
  }
}

absl::Status CheckOptions(const DatabaseOptions& options) {
  if (options.pool_size < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "database pool size must be at least 1, not ", options.pool_size));
  }
  for (absl::Duration timeout :
       {options.acquire_timeout, options.lock_timeout}) {
    if (timeout < absl::ZeroDuration() || timeout == absl::InfiniteDuration() ||
        Milliseconds(timeout) > std::numeric_limits<int>::max()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "database timeouts must be finite and not negative, not ",
          absl::FormatDuration(timeout)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), position_(other.position_) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(
    Lease&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = std::exchange(other.pool_, nullptr);
    position_ = other.position_;
  }
  return *this;
}

ConnectionPool::Lease::~Lease() { Release(); }

void ConnectionPool::Lease::Release() {
  if (pool_ != nullptr) {
    pool_->pool_->give_back(position_);
    pool_ = nullptr;
  }
}

soci::session& ConnectionPool::Lease::session() const {
  return pool_->pool_->at(position_);
}

void ConnectionPool::Lease::MarkBroken() { pool_->broken_[position_] = true; }

ConnectionPool::ConnectionPool(DatabaseUrl url, const DatabaseOptions& options)
    : url_(std::move(url)),
      options_(options),
      pool_(std::make_unique<soci::connection_pool>(options.pool_size)),
      broken_(options.pool_size, false) {}

ConnectionPool::~ConnectionPool() = default;

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Open(
    const DatabaseUrl& url, const DatabaseOptions& options) {
  RELANCE_RETURN_IF_ERROR(CheckOptions(options));
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(url, options));
  for (std::size_t position = 0;
       position < static_cast<std::size_t>(options.pool_size); ++position) {
    RELANCE_RETURN_IF_ERROR(pool->Connect(position));
  }
  return pool;
}

absl::Status ConnectionPool::Connect(std::size_t position) {
  soci::session& session = pool_->at(position);
  try {
    session.close();
    session.open(BackendFactory(url_.dialect), url_.soci_connect_string);
    ConfigureSession(session, url_.dialect, options_);
    broken_[position] = false;
    return absl::OkStatus();
  } catch (const std::exception& error) {
    broken_[position] = true;
    return absl::UnavailableError(absl::StrCat(
        "cannot connect to the database: ", ClassifySqlError(error).message));
  }
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::size_t position = 0;
  if (!pool_->try_lease(
          position, static_cast<int>(Milliseconds(options_.acquire_timeout)))) {
    return absl::UnavailableError(
        absl::StrCat("no database connection free within ",
                     absl::FormatDuration(options_.acquire_timeout)));
  }
  Lease lease(this, position);
  if (broken_[position]) RELANCE_RETURN_IF_ERROR(Connect(position));
  return lease;
}

}  // namespace relance::storage
