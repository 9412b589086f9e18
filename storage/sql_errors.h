#ifndef RELANCE_STORAGE_SQL_ERRORS_H_
#define RELANCE_STORAGE_SQL_ERRORS_H_

#include <exception>
#include <string>

#include "absl/status/status.h"

// The one place where database exceptions become absl::Status.
namespace relance::storage {

enum class SqlErrorKind {
  // Another transaction got in the way (SQLite busy/locked, PostgreSQL
  // serialization failure or
  // deadlock): running the transaction again may succeed.
  kConflict,
  // A lock was not granted within the lock timeout.
  kLockTimeout,
  kUniqueViolation,
  kForeignKeyViolation,
  // A CHECK or NOT NULL constraint, or a value the column type cannot hold.
  kInvalidValue,
  // The connection is gone or the database cannot be used (server down, an
  // I/O error).
  kUnavailable,
  // No room left for the database to grow (SQLite's disk, PostgreSQL's).
  // Nothing of the failed transaction was written.
  kDiskFull,
  kOther,
};

struct SqlError {
  SqlErrorKind kind = SqlErrorKind::kOther;
  // The database's message, without the SQL text and bound values SOCI appends
  // (they may hold personal data).
  std::string message;
};

// Classifies an exception thrown by SOCI (or anything else thrown during a
// database call).
SqlError ClassifySqlError(const std::exception& error);

// The status a repository returns for an error it has no more specific answer
// for.
absl::Status SqlErrorToStatus(const SqlError& error);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_SQL_ERRORS_H_
