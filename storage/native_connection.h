#ifndef RELANCE_STORAGE_NATIVE_CONNECTION_H_
#define RELANCE_STORAGE_NATIVE_CONNECTION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/database_options.h"

namespace soci {
class session;
}

// What SOCI does not offer, done on the driver's own connection handle.
namespace relance::storage {

// Makes SQLite report which constraint failed (SQLITE_CONSTRAINT_UNIQUE,
// ..._CHECK, ...) rather than the bare SQLITE_CONSTRAINT. No effect on
// PostgreSQL.
void EnableDetailedErrors(soci::session& session, Dialect dialect);

// Whether a transaction is open (or failed and not yet rolled back) on the
// connection.
bool InTransaction(soci::session& session, Dialect dialect);

// Whether the connection can still be used: PostgreSQL connections break when
// the server goes away. Always true for SQLite.
bool ConnectionUsable(soci::session& session, Dialect dialect);

// Runs a script of several statements (SOCI runs one statement per call).
// INTERNAL with the driver's message if a statement fails.
absl::Status ExecuteScript(soci::session& session, Dialect dialect,
                           absl::string_view script);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_NATIVE_CONNECTION_H_
