#include "storage/native_connection.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace relance::storage {
namespace {

sqlite_api::sqlite3* SqliteHandle(soci::session& session) {
  return static_cast<soci::sqlite3_session_backend*>(session.get_backend())
      ->conn_;
}

PGconn* PostgresqlHandle(soci::session& session) {
  return static_cast<soci::postgresql_session_backend*>(session.get_backend())
      ->conn_;
}

}  // namespace

void EnableDetailedErrors(soci::session& session, Dialect dialect) {
  if (dialect == Dialect::kSqlite) {
    sqlite_api::sqlite3_extended_result_codes(SqliteHandle(session), 1);
  }
}

bool InTransaction(soci::session& session, Dialect dialect) {
  switch (dialect) {
    case Dialect::kSqlite:
      return sqlite_api::sqlite3_get_autocommit(SqliteHandle(session)) == 0;
    case Dialect::kPostgresql:
      return PQtransactionStatus(PostgresqlHandle(session)) != PQTRANS_IDLE;
  }
  return false;
}

bool ConnectionUsable(soci::session& session, Dialect dialect) {
  return dialect == Dialect::kSqlite ||
         PQstatus(PostgresqlHandle(session)) == CONNECTION_OK;
}

absl::Status ExecuteScript(soci::session& session, Dialect dialect,
                           absl::string_view script) {
  const std::string script_text(script);
  switch (dialect) {
    case Dialect::kSqlite: {
      char* error = nullptr;
      int result = sqlite_api::sqlite3_exec(
          SqliteHandle(session), script_text.c_str(), nullptr, nullptr, &error);
      if (result == SQLITE_OK) return absl::OkStatus();
      absl::Status status =
          absl::InternalError(error != nullptr ? error : "SQLite error");
      sqlite_api::sqlite3_free(error);
      return status;
    }
    case Dialect::kPostgresql: {
      std::unique_ptr<PGresult, decltype(&PQclear)> result(
          PQexec(PostgresqlHandle(session), script_text.c_str()), &PQclear);
      ExecStatusType status = PQresultStatus(result.get());
      if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        return absl::OkStatus();
      return absl::InternalError(absl::StripTrailingAsciiWhitespace(
          result != nullptr ? PQresultErrorMessage(result.get())
                            : PQerrorMessage(PostgresqlHandle(session))));
    }
  }
  return absl::InternalError("unknown dialect");
}

}  // namespace relance::storage
