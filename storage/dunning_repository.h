#ifndef RELANCE_STORAGE_DUNNING_REPOSITORY_H_
#define RELANCE_STORAGE_DUNNING_REPOSITORY_H_

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/dunning_records.h"
#include "storage/dunning_repositories.h"
#include "storage/records.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// DunningRepository over SQL. The statements are the same on SQLite and
// PostgreSQL except for the row locks PostgreSQL takes (FOR UPDATE, SKIP
// LOCKED in ProcessDueBatch); on SQLite a write transaction holds the
// database's write lock from its start, which serialises the writers.
class SqlDunningRepository final : public DunningRepository {
 public:
  explicit SqlDunningRepository(TransactionRunner* runner) : runner_(runner) {}

  absl::StatusOr<std::optional<DunningCursor>> ProcessDueBatch(
      absl::Time cutoff, const DunningCursor& after, int limit, bool dry_run,
      const DunningPlanner& plan, absl::Time now) override;
  absl::StatusOr<ReminderRecord> ChangeReminder(std::int64_t id,
                                                const ReminderDecider& decide,
                                                absl::Time now) override;
  absl::StatusOr<std::vector<ReminderRecord>> ChangeReminders(
      const std::vector<std::int64_t>& ids, const ReminderDecider& decide,
      const std::vector<InteractionRecord>& log, absl::Time now) override;
  absl::StatusOr<ReminderContext> GetReminderContext(std::int64_t id) override;
  absl::StatusOr<ReminderRecord> GetReminder(std::int64_t id) override;
  absl::StatusOr<Page<ReminderRecord>> ListReminders(
      const ReminderFilter& filter, const PageRequest& page) override;
  absl::StatusOr<std::vector<ReminderRecord>> ListDispatchable(
      absl::Time now, std::int64_t after_id, int limit) override;

 private:
  struct ChangedReminder {
    ReminderRecord reminder;
    // Whether the decider's change was written.
    bool changed = false;
  };
  // Reads reminder `reminder_id` with its context; `lock` locks its invoice
  // row first (PostgreSQL). NOT_FOUND.
  absl::StatusOr<ReminderContext> ReadContextIn(soci::session& session,
                                                long long reminder_id,
                                                bool lock);
  absl::StatusOr<ChangedReminder> ChangeReminderIn(
      soci::session& session, long long reminder_id,
      const ReminderDecider& decide, long long now_column);

  TransactionRunner* runner_;
};

// Reminder `id` with its invoice's number and outstanding amount, in the
// caller's transaction. NOT_FOUND.
absl::StatusOr<ReminderRecord> ReadReminderIn(soci::session& session,
                                              std::int64_t id);

// Inserts `reminder` (its id, version and times assigned) in the caller's
// transaction and returns its id: for the workflow's reminders, written with
// the change that makes them. ABORTED if the invoice already has a reminder
// with its policy and step key; INVALID_ARGUMENT for days the schema cannot
// hold.
absl::StatusOr<std::int64_t> InsertReminderIn(soci::session& session,
                                              const ReminderRecord& reminder,
                                              absl::Time now);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_DUNNING_REPOSITORY_H_
