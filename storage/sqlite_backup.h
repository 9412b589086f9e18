#ifndef RELANCE_STORAGE_SQLITE_BACKUP_H_
#define RELANCE_STORAGE_SQLITE_BACKUP_H_

#include <string>

#include "absl/status/status.h"

namespace soci {
class session;
}

namespace relance::storage {

// Copies the SQLite database open on `session` into the file `path` (created,
// or replaced) with SQLite's online backup API, in one step: the copy is the
// database as of the step's start, and in write-ahead-logging mode writers on
// other connections go on meanwhile. RESOURCE_EXHAUSTED if the copy's disk is
// full; UNAVAILABLE if `path` cannot be opened or written, or the database
// stayed locked; INTERNAL for anything else SQLite reports. A failed copy is
// removed.
absl::Status BackupSqlite(soci::session& session, const std::string& path);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_SQLITE_BACKUP_H_
