#include "storage/sqlite_backup.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace relance::storage {
namespace {

absl::Status BackupError(int result, const std::string& message) {
  switch (result & 0xff) {
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(
          absl::StrCat("the backup's disk is full: ", message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(absl::StrCat(
          "the database stayed locked during the backup: ", message));
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return absl::UnavailableError(
          absl::StrCat("cannot write the backup: ", message));
    default:
      return absl::InternalError(absl::StrCat("backup failed: ", message));
  }
}

// Closes the destination on every path out of BackupSqlite.
class Destination {
 public:
  ~Destination() { sqlite_api::sqlite3_close(handle_); }
  sqlite_api::sqlite3** address() { return &handle_; }
  sqlite_api::sqlite3* get() const { return handle_; }

 private:
  sqlite_api::sqlite3* handle_ = nullptr;
};

absl::Status Copy(sqlite_api::sqlite3* source, const std::string& path) {
  Destination destination;
  int result = sqlite_api::sqlite3_open_v2(
      path.c_str(), destination.address(),
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (result != SQLITE_OK) {
    return BackupError(result,
                       destination.get() == nullptr
                           ? sqlite_api::sqlite3_errstr(result)
                           : sqlite_api::sqlite3_errmsg(destination.get()));
  }
  sqlite_api::sqlite3_extended_result_codes(destination.get(), 1);
  sqlite_api::sqlite3_backup* backup = sqlite_api::sqlite3_backup_init(
      destination.get(), "main", source, "main");
  if (backup == nullptr) {
    return BackupError(sqlite_api::sqlite3_extended_errcode(destination.get()),
                       sqlite_api::sqlite3_errmsg(destination.get()));
  }
  // All pages in one step: copying a few pages at a time would start over
  // whenever another connection writes, which under steady writes may be
  // forever. One step reads one snapshot, which WAL mode lets writers go on
  // beside.
  const int step = sqlite_api::sqlite3_backup_step(backup, -1);
  const int finish = sqlite_api::sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE) {
    return BackupError(step, sqlite_api::sqlite3_errstr(step));
  }
  if (finish != SQLITE_OK) {
    return BackupError(finish, sqlite_api::sqlite3_errmsg(destination.get()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status BackupSqlite(soci::session& session, const std::string& path) {
  sqlite_api::sqlite3* source =
      static_cast<soci::sqlite3_session_backend*>(session.get_backend())->conn_;
  absl::Status status = Copy(source, path);
  if (!status.ok()) {
    // What a failed copy left (a partial file, its journal) would look like
    // a backup.
    std::remove(path.c_str());
    std::remove((path + "-journal").c_str());
  }
  return status;
}

}  // namespace relance::storage
