#ifndef RELANCE_STORAGE_DUNNING_REPOSITORY_H_
#define RELANCE_STORAGE_DUNNING_REPOSITORY_H_

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/events.h"
#include "storage/interfaces/records.h"
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
  using DunningRepository::ChangeReminder;
  absl::StatusOr<ReminderRecord> ChangeReminder(
      std::int64_t id, const ReminderDecider& decide, absl::Time now,
      absl::string_view actor) override;
  absl::StatusOr<std::optional<ReminderRecord>> ClaimReminder(
      std::int64_t id, const ReminderDecider& decide, absl::Time now) override;
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
  // How a change holds the reminder's invoice row (PostgreSQL; SQLite's
  // write transactions hold the whole database).
  enum class InvoiceLock {
    kNone,
    // FOR UPDATE: waits for the transaction that holds it.
    kWait,
    // FOR UPDATE SKIP LOCKED: a row another transaction holds is not read.
    kSkipLocked,
  };
  struct ChangedReminder {
    ReminderRecord reminder;
    // Whether the decider's change was written.
    bool changed = false;
    // The event the change raises, for the caller to write once it holds
    // every row it is to change.
    std::optional<EventRecord> event;
  };
  // Reads reminder `reminder_id` with its context, its invoice row locked
  // first as `lock` says; nullopt when kSkipLocked found it held. NOT_FOUND.
  absl::StatusOr<std::optional<ReminderContext>> ReadContextIn(
      soci::session& session, long long reminder_id, InvoiceLock lock);
  // Changes reminder `reminder_id` as ChangeReminder says, without writing
  // its event (whose actor is `actor`, see ChangeReminder); nullopt when
  // kSkipLocked found its invoice held.
  absl::StatusOr<std::optional<ChangedReminder>> ChangeReminderIn(
      soci::session& session, long long reminder_id,
      const ReminderDecider& decide, absl::Time now, InvoiceLock lock,
      absl::string_view actor);

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

// The event that a change of `reminder` from state `before` (nullopt: just
// inserted) to its own raises, if any, with `actor` as who made the change
// and `outstanding` as the invoice's outstanding amount:
// - becoming due: reminder_due for an automatic reminder, task_assigned (to
//   its assignee) for one a person carries out; none when it was already due
//   or being sent (a retry after a transient failure, an expired claim: it
//   was announced when it first became due);
// - becoming sent, failed, skipped or done: reminder_sent, reminder_failed,
//   reminder_skipped (with the reason), task_done.
// Needs the reminder's id.
std::optional<EventRecord> ReminderEventOf(const ReminderRecord& reminder,
                                           std::optional<ReminderState> before,
                                           const CurrencyAmount& outstanding,
                                           absl::string_view actor,
                                           absl::Time now);

// Writes ReminderEventOf(reminder, before, reminder.invoice_outstanding,
// actor, now), if any, in the caller's transaction: `reminder` is as read by
// ReadReminderIn after the change.
absl::Status RaiseReminderEventIn(soci::session& session,
                                  const ReminderRecord& reminder,
                                  std::optional<ReminderState> before,
                                  absl::string_view actor, absl::Time now);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_DUNNING_REPOSITORY_H_
