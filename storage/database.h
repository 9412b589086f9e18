#ifndef RELANCE_STORAGE_DATABASE_H_
#define RELANCE_STORAGE_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/database_options.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/event_signal.h"
#include "storage/interfaces/events.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/penalty_rates.h"
#include "storage/interfaces/registered_letters.h"
#include "storage/interfaces/repositories.h"
#include "storage/interfaces/request_keys.h"
#include "storage/interfaces/templates.h"
#include "storage/interfaces/users.h"
#include "storage/interfaces/workflow.h"

namespace relance::storage {

// A connection pool and the repositories that share it. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  virtual ClientRepository& clients() = 0;
  virtual InvoiceRepository& invoices() = 0;
  virtual PolicyRepository& policies() = 0;
  virtual DunningRepository& dunning() = 0;
  virtual PenaltyRateRepository& penalty_rates() = 0;
  virtual InteractionRepository& interactions() = 0;
  virtual TemplateRepository& templates() = 0;
  virtual WorkflowRepository& workflow() = 0;
  virtual EventRepository& events() = 0;
  virtual UserRepository& users() = 0;
  virtual ChangeLogRepository& changes() = 0;
  virtual RegisteredLetterRepository& registered_letters() = 0;
  virtual RequestKeyRepository& request_keys() = 0;

  // Writes a consistent copy of the whole database to the file `path`
  // (created, or replaced if it exists) while other calls go on: SQLite's
  // online backup API, the copy showing every transaction committed before it
  // started and none after. FAILED_PRECONDITION on PostgreSQL, whose backups
  // are pg_dump's; RESOURCE_EXHAUSTED if the copy's disk is full; UNAVAILABLE
  // if `path` cannot be written or the database stayed busy.
  virtual absl::Status Backup(const std::string& path) = 0;
};

// Connects to `url` — "sqlite:PATH" (the file is created if missing) or
// "postgresql://user:password@host:port/dbname" (also "postgres://...") — and
// applies the pending numbered migrations of that dialect. Several processes
// may open the same database at once: migrations are serialised by a database
// lock and applied once. INVALID_ARGUMENT for a malformed URL or options out of
// range (a pool size below 1, a negative or infinite timeout); UNAVAILABLE if
// the database cannot be reached; FAILED_PRECONDITION if the database has
// migrations this build does not know.
absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    absl::string_view url, const DatabaseOptions& options = {});

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_DATABASE_H_
