#ifndef RELANCE_STORAGE_INTERFACES_DUNNING_REPOSITORIES_H_
#define RELANCE_STORAGE_INTERFACES_DUNNING_REPOSITORIES_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"

// Repository interfaces of the dunning engine, with the same contract as
// repositories.h: each method is one transaction, and any may also return
// UNAVAILABLE, INTERNAL, and INVALID_ARGUMENT for a value the schema cannot
// hold.
namespace relance::storage {

class PolicyRepository {
 public:
  virtual ~PolicyRepository() = default;

  // Inserts `policy` with its steps (id, version 1, times assigned; not the
  // default) and appends its change-log entry (policy.create, "policy
  // <name>"). A repeated non-empty `request_id` returns the policy first
  // created, as it is now, and records nothing. ALREADY_EXISTS if the name is
  // taken.
  virtual absl::StatusOr<PolicyRecord> Create(const PolicyRecord& policy,
                                              absl::string_view request_id,
                                              const Change& change) = 0;

  // NOT_FOUND if there is no such policy.
  virtual absl::StatusOr<PolicyRecord> Get(std::int64_t id) = 0;
  // NOT_FOUND if no policy is the default.
  virtual absl::StatusOr<PolicyRecord> GetDefault() = 0;

  virtual absl::StatusOr<Page<PolicyRecord>> List(const PageRequest& page) = 0;

  // Replaces the name, description, grouping, window and steps of policy
  // `policy.id` if its stored version is still `policy.version`; returns it
  // with version + 1. The open invoices of the clients that follow it are
  // marked for the engine's next run, and its change-log entry is appended
  // (policy.update, "policy <name>", the new name). NOT_FOUND; ABORTED if the
  // version has moved on; ALREADY_EXISTS if the new name is taken.
  virtual absl::StatusOr<PolicyRecord> Update(const PolicyRecord& policy,
                                              const Change& change) = 0;

  // Makes policy `id` the default, in place of the previous one, marks the
  // open invoices of the clients without a policy of their own for the next
  // run, and appends its change-log entry (policy.set_default, "policy
  // <name>"). A policy that is already the default is returned as it is and
  // nothing is recorded. NOT_FOUND.
  virtual absl::StatusOr<PolicyRecord> SetDefault(std::int64_t id,
                                                  const Change& change) = 0;

  // Attaches policy `policy_id` to client `client_id`, or detaches its policy
  // when `policy_id` is 0, bumping the client's version; marks its open
  // invoices for the next run and appends its change-log entry (policy.assign,
  // "client <reference>: policy <name>", or "client <reference>: no policy of
  // its own" for 0). Returns the policy the client follows now. NOT_FOUND for
  // an unknown client or policy.
  virtual absl::StatusOr<PolicyRecord> Assign(std::int64_t client_id,
                                              std::int64_t policy_id,
                                              const Change& change) = 0;
};

// Decides the writes for a batch of candidates. Pure: it may be called again
// with the same candidates when the transaction is retried.
using DunningPlanner = std::function<absl::StatusOr<std::vector<InvoicePlan>>(
    const std::vector<DunningCandidate>&)>;

// Decides a reminder's new content from what the transaction read; nullopt
// leaves it as it is. Called again if the transaction is retried.
using ReminderDecider =
    std::function<absl::StatusOr<std::optional<ReminderRecord>>(
        const ReminderContext&)>;

class DunningRepository {
 public:
  virtual ~DunningRepository() = default;

  // In one transaction: reads up to `limit` invoices whose next action is at
  // or before `cutoff`, after `after` in (next action, id) order, with their
  // clients, holds and reminders; calls `plan`; unless `dry_run`, writes the
  // plans (a plan's inserts and updates, and the invoice's next action) with
  // the events of the reminders they make due (reminder_due, task_assigned). On
  // PostgreSQL the invoice rows are locked, and rows that another transaction
  // holds are skipped, so that concurrent runs share the work instead of
  // repeating it. Returns the cursor after the last invoice read, or nullopt
  // when none was left. ABORTED, with nothing written, if a reminder planned as
  // new already exists or one to update has changed; errors of `plan` are
  // returned as they are.
  virtual absl::StatusOr<std::optional<DunningCursor>> ProcessDueBatch(
      absl::Time cutoff, const DunningCursor& after, int limit, bool dry_run,
      const DunningPlanner& plan, absl::Time now) = 0;

  // In one transaction that locks the reminder's invoice: reads the reminder
  // with its context, calls `decide`, and writes the reminder it returns
  // (version + 1). When the state changes, the invoice is marked for the next
  // run, and the event it raises is written with it: the reminder was sent,
  // failed, was skipped, its task was done, or it became due (but not again
  // when it goes back to due from being sent: it was announced). Returns the
  // reminder as it is after. NOT_FOUND; errors of `decide` are returned as they
  // are. `actor` is who changes it (a user), named by the event; when empty,
  // the worker holding the reminder's claim, else the server.
  virtual absl::StatusOr<ReminderRecord> ChangeReminder(
      std::int64_t id, const ReminderDecider& decide, absl::Time now,
      absl::string_view actor) = 0;

  // ChangeReminder by the server or the claim's worker.
  absl::StatusOr<ReminderRecord> ChangeReminder(std::int64_t id,
                                                const ReminderDecider& decide,
                                                absl::Time now) {
    return ChangeReminder(id, decide, now, /*actor=*/"");
  }

  // As ChangeReminder, for a dispatcher's claim: when another transaction
  // holds the reminder's invoice (PostgreSQL: another replica's claim or run),
  // returns nullopt at once with nothing written instead of waiting for it,
  // so that the reminder is taken up on a later pass. On SQLite, whose
  // writers are serialised, as ChangeReminder.
  virtual absl::StatusOr<std::optional<ReminderRecord>> ClaimReminder(
      std::int64_t id, const ReminderDecider& decide, absl::Time now) = 0;

  // In one transaction: changes each reminder of `ids` as ChangeReminder does
  // (their invoices locked in id order), and appends the entries of `log` to
  // the interaction log if `decide` changed at least one of them, so that what
  // was sent is recorded with the state that says it was. Returns the
  // reminders as they are after, in the order of `ids`. NOT_FOUND for an
  // unknown reminder; errors of `decide` and of the log's entries (see
  // InteractionRepository::Append), with nothing written.
  virtual absl::StatusOr<std::vector<ReminderRecord>> ChangeReminders(
      const std::vector<std::int64_t>& ids, const ReminderDecider& decide,
      const std::vector<InteractionRecord>& log, absl::Time now) = 0;

  // The reminder with what ChangeReminder's decider would see, read without
  // locking anything. NOT_FOUND if there is no such reminder.
  virtual absl::StatusOr<ReminderContext> GetReminderContext(
      std::int64_t id) = 0;

  // NOT_FOUND if there is no such reminder.
  virtual absl::StatusOr<ReminderRecord> GetReminder(std::int64_t id) = 0;

  virtual absl::StatusOr<Page<ReminderRecord>> ListReminders(
      const ReminderFilter& filter, const PageRequest& page) = 0;

  // Reminders of automatic steps waiting for their channels: due ones, and
  // ones being sent whose claim expired before `now`; in id order, after
  // `after_id`, at most `limit`.
  virtual absl::StatusOr<std::vector<ReminderRecord>> ListDispatchable(
      absl::Time now, std::int64_t after_id, int limit) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_DUNNING_REPOSITORIES_H_
