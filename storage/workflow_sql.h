#ifndef RELANCE_STORAGE_WORKFLOW_SQL_H_
#define RELANCE_STORAGE_WORKFLOW_SQL_H_

#include <soci/soci.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/workflow.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"

// What the workflow repository's files share: the disputes', promises' and
// plans' SQL and rows, and the reads and writes that its changes
// (workflow_repository.cc) and calls (workflow_calls.cc) are made of.
// Internal to storage/.
namespace relance::storage {

inline constexpr char kInvoiceNoun[] = "invoice";
inline constexpr char kClientNoun[] = "client";
inline constexpr char kDisputeNoun[] = "dispute";
inline constexpr char kPromiseNoun[] = "promise";
inline constexpr char kPlanNoun[] = "payment plan";
inline constexpr char kReminderNoun[] = "reminder";

inline constexpr char kInvoiceById[] = " FROM invoices WHERE id = :id";
inline constexpr char kClientById[] = " FROM clients WHERE id = :id";
// PostgreSQL only: SQLite's write transactions already exclude each other.
inline constexpr char kLock[] = " FOR UPDATE";

// As ClientRepository::Update marks a client's invoices.
inline constexpr char kMarkOpenInvoices[] =
    "UPDATE invoices SET next_action_us = 0 "
    "WHERE client_id = :client_id AND status = 'open'";

// Records whose invoice's number (and sums) are read with them.
inline constexpr char kDisputeColumns[] =
    "d.id, d.invoice_id, i.number, d.client_id, d.state, d.reason, d.owner, "
    "d.deadline, d.deadline_passed, d.outcome, d.resolution, d.opened_by, "
    "d.resolved_by, d.open_time_us, d.resolve_time_us, d.version";
inline constexpr char kDisputeFrom[] =
    " FROM disputes d JOIN invoices i ON i.id = d.invoice_id";

inline constexpr char kPromiseColumns[] =
    "p.id, p.invoice_id, i.number, p.client_id, p.state, p.amount_minor, "
    "p.currency, p.promised_date, p.grace_days, p.until_date, "
    "p.paid_at_start_minor, i.paid_minor + i.credited_minor, p.made_by, "
    "p.create_time_us, p.close_time_us, p.version";
inline constexpr char kPromiseFrom[] =
    " FROM promises p JOIN invoices i ON i.id = p.invoice_id";

inline constexpr char kPlanColumns[] =
    "p.id, p.invoice_id, i.number, p.client_id, p.state, p.total_minor, "
    "p.currency, p.paid_at_start_minor, i.paid_minor + i.credited_minor, "
    "p.grace_days, p.break_after_days, p.created_by, p.create_time_us, "
    "p.close_time_us, p.version";
inline constexpr char kPlanFrom[] =
    " FROM payment_plans p JOIN invoices i ON i.id = p.invoice_id";

inline constexpr char kReadInstalments[] =
    "SELECT plan_id, number, due_date, amount_minor, state FROM "
    "plan_instalments WHERE plan_id IN ";

inline constexpr char kOpenDisputeOfInvoice[] =
    "SELECT id FROM disputes WHERE invoice_id = :invoice_id AND state = 'open'";
inline constexpr char kInsertDispute[] =
    "INSERT INTO disputes (invoice_id, client_id, state, reason, owner, "
    "deadline, opened_by, open_time_us, version) VALUES (:invoice_id, "
    ":client_id, 'open', :reason, :owner, :deadline, :opened_by, :now, 1) "
    "RETURNING id";
inline constexpr char kResolveDispute[] =
    "UPDATE disputes SET state = 'resolved', outcome = :outcome, "
    "resolution = :resolution, resolved_by = :resolved_by, "
    "resolve_time_us = :now, version = version + 1 "
    "WHERE id = :id AND state = 'open'";

inline constexpr char kInsertPromise[] =
    "INSERT INTO promises (invoice_id, client_id, state, amount_minor, "
    "currency, promised_date, grace_days, until_date, paid_at_start_minor, "
    "made_by, create_time_us, version) VALUES (:invoice_id, :client_id, "
    "'open', :amount_minor, :currency, :promised_date, :grace_days, "
    ":until_date, :paid_at_start, :made_by, :now, 1) RETURNING id";

inline constexpr char kActivePlanOfInvoice[] =
    "SELECT id FROM payment_plans WHERE invoice_id = :invoice_id AND "
    "state = 'active'";
inline constexpr char kInsertPlan[] =
    "INSERT INTO payment_plans (invoice_id, client_id, state, total_minor, "
    "currency, paid_at_start_minor, grace_days, break_after_days, created_by, "
    "create_time_us, version) VALUES (:invoice_id, :client_id, 'active', "
    ":total_minor, :currency, :paid_at_start, :grace_days, "
    ":break_after_days, :created_by, :now, 1) RETURNING id";
inline constexpr char kInsertInstalment[] =
    "INSERT INTO plan_instalments (plan_id, number, due_date, amount_minor, "
    "state) VALUES (:plan_id, :number, :due_date, :amount_minor, 'pending')";
inline constexpr char kCancelPlan[] =
    "UPDATE payment_plans SET state = 'cancelled', close_time_us = :now, "
    "version = version + 1 WHERE id = :id AND state = 'active'";
// The plan's instalment reminders not carried out.
inline constexpr char kCancelPlanReminders[] =
    "UPDATE reminders SET state = 'cancelled', "
    "reason = 'payment plan cancelled', version = version + 1, "
    "update_time_us = :now WHERE plan_id = :plan_id AND "
    "state IN ('scheduled', 'due')";

inline constexpr char kSetClientBlock[] =
    "UPDATE clients SET dunning_blocked_until = :blocked_until, "
    "dunning_block_reason = :block_reason, version = version + 1, "
    "update_time_us = :now WHERE id = :id RETURNING ";

inline constexpr char kCompleteTask[] =
    "UPDATE reminders SET state = 'done', reason = :reason, "
    "action_date = :action_date, version = version + 1, "
    "update_time_us = :now WHERE id = :id AND version = :version";
// The follow-up a replayed call made: the workflow reminder of the call's
// client written in the call's transaction (at its entry's create time).
inline constexpr char kFollowUpOfCall[] =
    "SELECT id FROM reminders WHERE client_id = :client_id AND origin <> "
    "'ladder' AND create_time_us = :create_time_us ORDER BY id DESC LIMIT 1";
// The entry a replayed call's promise or dispute was made with.
inline constexpr char kEntryOfPromise[] =
    "SELECT MIN(id) FROM interactions WHERE promise_id = :id AND "
    "kind = 'promise_made'";
inline constexpr char kEntryOfDispute[] =
    "SELECT MIN(id) FROM interactions WHERE dispute_id = :id AND "
    "kind = 'dispute_opened'";

inline bool IsPostgresql(soci::session& session) {
  return session.get_backend_name() == "postgresql";
}

// The smaller of `amount` and what was received since `paid_at_start`.
inline std::int64_t PaidSince(std::int64_t amount, std::int64_t paid_now,
                              std::int64_t paid_at_start) {
  return std::clamp<std::int64_t>(paid_now - paid_at_start, 0, amount);
}

struct DisputeRow {
  using Record = DisputeRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(invoice_id));
    statement.exchange(soci::into(invoice_number));
    statement.exchange(soci::into(client_id));
    statement.exchange(soci::into(state));
    statement.exchange(soci::into(reason));
    statement.exchange(soci::into(owner));
    statement.exchange(soci::into(deadline));
    statement.exchange(soci::into(deadline_passed));
    statement.exchange(soci::into(outcome));
    statement.exchange(soci::into(resolution));
    statement.exchange(soci::into(opened_by));
    statement.exchange(soci::into(resolved_by));
    statement.exchange(soci::into(open_time_us));
    statement.exchange(soci::into(resolve_time_us));
    statement.exchange(soci::into(version));
  }

  absl::StatusOr<DisputeRecord> ToRecord() const {
    DisputeRecord record;
    record.id = id;
    record.invoice_id = invoice_id;
    record.invoice_number = invoice_number;
    record.client_id = client_id;
    RELANCE_ASSIGN_OR_RETURN(record.state, DisputeStateFromColumn(state));
    record.reason = reason;
    record.owner = owner;
    RELANCE_ASSIGN_OR_RETURN(record.deadline, OptionalDayFromColumn(deadline));
    record.deadline_passed = deadline_passed != 0;
    RELANCE_ASSIGN_OR_RETURN(record.outcome,
                             OptionalDisputeOutcomeFromColumn(outcome));
    record.resolution = resolution;
    record.opened_by = opened_by;
    record.resolved_by = resolved_by;
    record.open_time = TimeFromColumn(open_time_us);
    if (resolve_time_us != 0) {
      record.resolve_time = TimeFromColumn(resolve_time_us);
    }
    record.version = version;
    return record;
  }

  long long id = 0;
  long long invoice_id = 0;
  std::string invoice_number;
  long long client_id = 0;
  std::string state;
  std::string reason;
  std::string owner;
  std::string deadline;
  int deadline_passed = 0;
  std::string outcome;
  std::string resolution;
  std::string opened_by;
  std::string resolved_by;
  long long open_time_us = 0;
  long long resolve_time_us = 0;
  long long version = 0;
};

struct PromiseRow {
  using Record = PromiseRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(invoice_id));
    statement.exchange(soci::into(invoice_number));
    statement.exchange(soci::into(client_id));
    statement.exchange(soci::into(state));
    statement.exchange(soci::into(amount_minor));
    statement.exchange(soci::into(currency));
    statement.exchange(soci::into(promised_date));
    statement.exchange(soci::into(grace_days));
    statement.exchange(soci::into(until_date));
    statement.exchange(soci::into(paid_at_start_minor));
    statement.exchange(soci::into(paid_now_minor));
    statement.exchange(soci::into(made_by));
    statement.exchange(soci::into(create_time_us));
    statement.exchange(soci::into(close_time_us));
    statement.exchange(soci::into(version));
  }

  absl::StatusOr<PromiseRecord> ToRecord() const {
    PromiseRecord record;
    record.id = id;
    record.invoice_id = invoice_id;
    record.invoice_number = invoice_number;
    record.client_id = client_id;
    RELANCE_ASSIGN_OR_RETURN(record.state, PromiseStateFromColumn(state));
    record.amount = {currency, amount_minor};
    RELANCE_ASSIGN_OR_RETURN(record.promised_date,
                             DayFromColumn(promised_date));
    record.grace_days = grace_days;
    RELANCE_ASSIGN_OR_RETURN(record.until_date, DayFromColumn(until_date));
    record.paid_at_start_minor = paid_at_start_minor;
    record.paid_since_minor =
        PaidSince(amount_minor, paid_now_minor, paid_at_start_minor);
    record.made_by = made_by;
    record.create_time = TimeFromColumn(create_time_us);
    if (close_time_us != 0) record.close_time = TimeFromColumn(close_time_us);
    record.version = version;
    return record;
  }

  long long id = 0;
  long long invoice_id = 0;
  std::string invoice_number;
  long long client_id = 0;
  std::string state;
  long long amount_minor = 0;
  std::string currency;
  std::string promised_date;
  int grace_days = 0;
  std::string until_date;
  long long paid_at_start_minor = 0;
  long long paid_now_minor = 0;
  std::string made_by;
  long long create_time_us = 0;
  long long close_time_us = 0;
  long long version = 0;
};

// A plan with what its invoice received since it was agreed, from which its
// instalments' coverage follows once they are read.
struct PlanWithPaid {
  PlanRecord plan;
  std::int64_t paid_since_minor = 0;
};

struct PlanRow {
  using Record = PlanWithPaid;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(invoice_id));
    statement.exchange(soci::into(invoice_number));
    statement.exchange(soci::into(client_id));
    statement.exchange(soci::into(state));
    statement.exchange(soci::into(total_minor));
    statement.exchange(soci::into(currency));
    statement.exchange(soci::into(paid_at_start_minor));
    statement.exchange(soci::into(paid_now_minor));
    statement.exchange(soci::into(grace_days));
    statement.exchange(soci::into(break_after_days));
    statement.exchange(soci::into(created_by));
    statement.exchange(soci::into(create_time_us));
    statement.exchange(soci::into(close_time_us));
    statement.exchange(soci::into(version));
  }

  absl::StatusOr<PlanWithPaid> ToRecord() const {
    PlanWithPaid result;
    PlanRecord& record = result.plan;
    record.id = id;
    record.invoice_id = invoice_id;
    record.invoice_number = invoice_number;
    record.client_id = client_id;
    RELANCE_ASSIGN_OR_RETURN(record.state, PlanStateFromColumn(state));
    record.total = {currency, total_minor};
    record.paid_at_start_minor = paid_at_start_minor;
    record.grace_days = grace_days;
    record.break_after_days = break_after_days;
    record.created_by = created_by;
    record.create_time = TimeFromColumn(create_time_us);
    if (close_time_us != 0) record.close_time = TimeFromColumn(close_time_us);
    record.version = version;
    result.paid_since_minor =
        PaidSince(total_minor, paid_now_minor, paid_at_start_minor);
    return result;
  }

  long long id = 0;
  long long invoice_id = 0;
  std::string invoice_number;
  long long client_id = 0;
  std::string state;
  long long total_minor = 0;
  std::string currency;
  long long paid_at_start_minor = 0;
  long long paid_now_minor = 0;
  int grace_days = 0;
  int break_after_days = 0;
  std::string created_by;
  long long create_time_us = 0;
  long long close_time_us = 0;
  long long version = 0;
};

// The invoice a change checks, locked on PostgreSQL until the change commits.
// NOT_FOUND.
absl::StatusOr<InvoiceRecord> ReadInvoiceForChange(soci::session& session,
                                                   long long id);

// FAILED_PRECONDITION unless `invoice` is open and still owes something.
absl::Status CheckInvoiceOwes(const InvoiceRecord& invoice);

// The id of the first row `sql` (binding :invoice_id) returns, if any.
std::optional<long long> FindIdOfInvoice(soci::session& session,
                                         const char* sql, long long invoice_id);

absl::StatusOr<ClientRecord> GetClientIn(soci::session& session, long long id,
                                         bool lock);

absl::StatusOr<DisputeRecord> GetDisputeIn(soci::session& session,
                                           long long id);

absl::StatusOr<PromiseRecord> GetPromiseIn(soci::session& session,
                                           long long id);

// Reads the instalments of `plans` and how much of each is covered.
absl::StatusOr<std::vector<PlanRecord>> WithInstalments(
    soci::session& session, std::vector<PlanWithPaid> plans);

absl::StatusOr<PlanRecord> GetPlanIn(soci::session& session, long long id);

// Appends `entry` and reads it back as stored.
absl::StatusOr<InteractionRecord> AppendIn(soci::session& session,
                                           const InteractionRecord& entry,
                                           absl::Time now);

absl::Status CheckDispute(const DisputeRecord& dispute);

// Opens `dispute` (its client taken from its invoice) and marks its invoice;
// returns it as stored. NOT_FOUND; FAILED_PRECONDITION as OpenDispute.
absl::StatusOr<DisputeRecord> InsertDisputeIn(soci::session& session,
                                              const DisputeRecord& dispute,
                                              absl::Time now);

absl::Status CheckPromise(const PromiseRecord& promise);

// Makes `promise` (its client taken from its invoice) and marks its invoice;
// returns it as stored. NOT_FOUND; FAILED_PRECONDITION as MakePromise.
absl::StatusOr<PromiseRecord> InsertPromiseIn(soci::session& session,
                                              const PromiseRecord& promise,
                                              absl::Time now);

// `entry` about `dispute`, as the dispute's entries are written.
InteractionRecord DisputeEntry(InteractionRecord entry, InteractionKind kind,
                               const DisputeRecord& dispute);

InteractionRecord PromiseEntry(InteractionRecord entry,
                               const PromiseRecord& promise);

InteractionRecord PlanEntry(InteractionRecord entry, InteractionKind kind,
                            const PlanRecord& plan);

absl::Status CheckPlan(const PlanRecord& plan);

// What a change with an already used request_id returns: what its first call
// made, as it is now.
template <typename Record, typename Get>
absl::StatusOr<WorkflowChange<Record>> Replay(soci::session& session,
                                              InteractionRecord entry,
                                              std::optional<std::int64_t> id,
                                              absl::string_view noun, Get get) {
  if (!id.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("request ", entry.request_id, " was used by entry ",
                     entry.id, ", which concerns no ", noun));
  }
  RELANCE_ASSIGN_OR_RETURN(Record record, get(session, *id));
  return WorkflowChange<Record>{.record = std::move(record),
                                .entries = {std::move(entry)}};
}

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_WORKFLOW_SQL_H_
