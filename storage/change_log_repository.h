#ifndef RELANCE_STORAGE_CHANGE_LOG_REPOSITORY_H_
#define RELANCE_STORAGE_CHANGE_LOG_REPOSITORY_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/records.h"
#include "storage/transaction_runner.h"

namespace soci {
class session;
}

namespace relance::storage {

// ChangeLogRepository over SQL, the same statements on SQLite and PostgreSQL:
// one row per entry in the changes table.
class SqlChangeLogRepository final : public ChangeLogRepository {
 public:
  explicit SqlChangeLogRepository(TransactionRunner* runner)
      : runner_(runner) {}

  absl::StatusOr<Page<ChangeRecord>> List(const ChangeFilter& filter,
                                          const PageRequest& page) override;

 private:
  TransactionRunner* runner_;
};

// Appends the entry of `change` (its time and actor), `action` and `subject` to
// the change log on `session`, inside the transaction of the write it records:
// the other repositories call it from their TransactionRunner::Write work, so
// that the entry commits or rolls back with its change. INVALID_ARGUMENT for
// an empty actor or action (the transaction is then rolled back). May throw
// SOCI exceptions, as any work does.
absl::Status RecordChange(soci::session& session, const Change& change,
                          absl::string_view action, absl::string_view subject);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_CHANGE_LOG_REPOSITORY_H_
