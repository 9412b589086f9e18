#include "storage/sql_errors.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <exception>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace relance::storage {
namespace {

std::string WithoutStatement(absl::string_view message) {
  // SOCI appends the statement, e.g. '... while executing "INSERT ..." with
  // :name="Dupont".'
  if (size_t at = message.find(" while executing");
      at != absl::string_view::npos) {
    message = message.substr(0, at);
  }
  // And prefixes the backend's own context.
  for (absl::string_view prefix : {"sqlite3_statement_backend::loadOne: ",
                                   "sqlite3_statement_backend::prepare: ",
                                   "Cannot execute query. Fatal error. "}) {
    if (absl::StartsWith(message, prefix)) message.remove_prefix(prefix.size());
  }
  return std::string(absl::StripAsciiWhitespace(message));
}

SqlErrorKind ClassifySqliteResult(int result) {
  switch (result) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return SqlErrorKind::kUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return SqlErrorKind::kForeignKeyViolation;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE:
      return SqlErrorKind::kInvalidValue;
    default:
      break;
  }
  switch (result & 0xff) {  // The primary result code.
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SqlErrorKind::kConflict;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return SqlErrorKind::kInvalidValue;
    case SQLITE_FULL:
      return SqlErrorKind::kDiskFull;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
      return SqlErrorKind::kUnavailable;
    default:
      return SqlErrorKind::kOther;
  }
}

SqlErrorKind ClassifySqlState(absl::string_view sqlstate) {
  if (sqlstate == "40001" || sqlstate == "40P01")
    return SqlErrorKind::kConflict;
  if (sqlstate == "55P03") return SqlErrorKind::kLockTimeout;
  if (sqlstate == "23505") return SqlErrorKind::kUniqueViolation;
  if (sqlstate == "23503") return SqlErrorKind::kForeignKeyViolation;
  // Integrity constraints (23: check, not null) and data exceptions (22: out of
  // range, bad text encoding).
  if (absl::StartsWith(sqlstate, "23") || absl::StartsWith(sqlstate, "22")) {
    return SqlErrorKind::kInvalidValue;
  }
  if (sqlstate == "53100") return SqlErrorKind::kDiskFull;
  // Connection exceptions, insufficient resources, operator intervention
  // (shutdown).
  if (absl::StartsWith(sqlstate, "08") || absl::StartsWith(sqlstate, "53") ||
      absl::StartsWith(sqlstate, "57")) {
    return SqlErrorKind::kUnavailable;
  }
  return SqlErrorKind::kOther;
}

}  // namespace

SqlError ClassifySqlError(const std::exception& error) {
  std::string message = WithoutStatement(error.what());
  if (const auto* sqlite =
          dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    return {ClassifySqliteResult(sqlite->result()), std::move(message)};
  }
  if (const auto* postgresql =
          dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    return {ClassifySqlState(postgresql->sqlstate()), std::move(message)};
  }
  if (const auto* soci = dynamic_cast<const soci::soci_error*>(&error)) {
    // Failures without a driver code: "Cannot establish connection", a lost
    // connection.
    return {soci->get_error_category() == soci::soci_error::connection_error
                ? SqlErrorKind::kUnavailable
                : SqlErrorKind::kOther,
            std::move(message)};
  }
  return {SqlErrorKind::kOther, std::move(message)};
}

absl::Status SqlErrorToStatus(const SqlError& error) {
  switch (error.kind) {
    case SqlErrorKind::kConflict:
      return absl::UnavailableError(absl::StrCat(
          "the database stayed busy with concurrent writes: ", error.message));
    case SqlErrorKind::kLockTimeout:
      return absl::UnavailableError(absl::StrCat(
          "a database lock was not granted in time: ", error.message));
    case SqlErrorKind::kUniqueViolation:
      return absl::AlreadyExistsError(error.message);
    case SqlErrorKind::kForeignKeyViolation:
      return absl::NotFoundError(
          absl::StrCat("a referenced row does not exist: ", error.message));
    case SqlErrorKind::kInvalidValue:
      return absl::InvalidArgumentError(
          absl::StrCat("the database rejected a value: ", error.message));
    case SqlErrorKind::kUnavailable:
      return absl::UnavailableError(
          absl::StrCat("database unavailable: ", error.message));
    case SqlErrorKind::kDiskFull:
      // Retrying will not help until someone makes room: not UNAVAILABLE.
      return absl::ResourceExhaustedError(
          absl::StrCat("the database disk is full: ", error.message));
    case SqlErrorKind::kOther:
      break;
  }
  return absl::InternalError(absl::StrCat("database error: ", error.message));
}

}  // namespace relance::storage
