#include "storage/workflow_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "proto/relance/time_zones.h"
#include "storage/dunning_repository.h"
#include "storage/interaction_repository.h"
#include "storage/repository_support.h"
#include "storage/sql_errors.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"
#include "storage/status_macros.h"
#include "storage/workflow_progress.h"

namespace relance::storage {
namespace {

constexpr char kInvoiceNoun[] = "invoice";
constexpr char kClientNoun[] = "client";
constexpr char kDisputeNoun[] = "dispute";
constexpr char kPromiseNoun[] = "promise";
constexpr char kPlanNoun[] = "payment plan";
constexpr char kReminderNoun[] = "reminder";

constexpr char kInvoiceById[] = " FROM invoices WHERE id = :id";
constexpr char kClientById[] = " FROM clients WHERE id = :id";
// PostgreSQL only: SQLite's write transactions already exclude each other.
constexpr char kLock[] = " FOR UPDATE";

// As DunningRepository marks an invoice after a change to its holds: the
// engine's next run looks at it again.
constexpr char kMarkInvoice[] =
    "UPDATE invoices SET next_action_us = 0 WHERE id = :id";
// As ClientRepository::Update marks a client's invoices.
constexpr char kMarkOpenInvoices[] =
    "UPDATE invoices SET next_action_us = 0 "
    "WHERE client_id = :client_id AND status = 'open'";

// Records whose invoice's number (and sums) are read with them.
constexpr char kDisputeColumns[] =
    "d.id, d.invoice_id, i.number, d.client_id, d.state, d.reason, d.owner, "
    "d.deadline, d.deadline_passed, d.outcome, d.resolution, d.opened_by, "
    "d.resolved_by, d.open_time_us, d.resolve_time_us, d.version";
constexpr char kDisputeFrom[] =
    " FROM disputes d JOIN invoices i ON i.id = d.invoice_id";

constexpr char kPromiseColumns[] =
    "p.id, p.invoice_id, i.number, p.client_id, p.state, p.amount_minor, "
    "p.currency, p.promised_date, p.grace_days, p.until_date, "
    "p.paid_at_start_minor, i.paid_minor + i.credited_minor, p.made_by, "
    "p.create_time_us, p.close_time_us, p.version";
constexpr char kPromiseFrom[] =
    " FROM promises p JOIN invoices i ON i.id = p.invoice_id";

constexpr char kPlanColumns[] =
    "p.id, p.invoice_id, i.number, p.client_id, p.state, p.total_minor, "
    "p.currency, p.paid_at_start_minor, i.paid_minor + i.credited_minor, "
    "p.grace_days, p.break_after_days, p.created_by, p.create_time_us, "
    "p.close_time_us, p.version";
constexpr char kPlanFrom[] =
    " FROM payment_plans p JOIN invoices i ON i.id = p.invoice_id";

constexpr char kReadInstalments[] =
    "SELECT plan_id, number, due_date, amount_minor, state FROM "
    "plan_instalments WHERE plan_id IN ";

constexpr char kOpenDisputeOfInvoice[] =
    "SELECT id FROM disputes WHERE invoice_id = :invoice_id AND state = 'open'";
constexpr char kInsertDispute[] =
    "INSERT INTO disputes (invoice_id, client_id, state, reason, owner, "
    "deadline, opened_by, open_time_us, version) VALUES (:invoice_id, "
    ":client_id, 'open', :reason, :owner, :deadline, :opened_by, :now, 1) "
    "RETURNING id";
constexpr char kResolveDispute[] =
    "UPDATE disputes SET state = 'resolved', outcome = :outcome, "
    "resolution = :resolution, resolved_by = :resolved_by, "
    "resolve_time_us = :now, version = version + 1 "
    "WHERE id = :id AND state = 'open'";

constexpr char kInsertPromise[] =
    "INSERT INTO promises (invoice_id, client_id, state, amount_minor, "
    "currency, promised_date, grace_days, until_date, paid_at_start_minor, "
    "made_by, create_time_us, version) VALUES (:invoice_id, :client_id, "
    "'open', :amount_minor, :currency, :promised_date, :grace_days, "
    ":until_date, :paid_at_start, :made_by, :now, 1) RETURNING id";

constexpr char kActivePlanOfInvoice[] =
    "SELECT id FROM payment_plans WHERE invoice_id = :invoice_id AND "
    "state = 'active'";
constexpr char kInsertPlan[] =
    "INSERT INTO payment_plans (invoice_id, client_id, state, total_minor, "
    "currency, paid_at_start_minor, grace_days, break_after_days, created_by, "
    "create_time_us, version) VALUES (:invoice_id, :client_id, 'active', "
    ":total_minor, :currency, :paid_at_start, :grace_days, "
    ":break_after_days, :created_by, :now, 1) RETURNING id";
constexpr char kInsertInstalment[] =
    "INSERT INTO plan_instalments (plan_id, number, due_date, amount_minor, "
    "state) VALUES (:plan_id, :number, :due_date, :amount_minor, 'pending')";
constexpr char kCancelPlan[] =
    "UPDATE payment_plans SET state = 'cancelled', close_time_us = :now, "
    "version = version + 1 WHERE id = :id AND state = 'active'";
// The plan's instalment reminders not carried out.
constexpr char kCancelPlanReminders[] =
    "UPDATE reminders SET state = 'cancelled', "
    "reason = 'payment plan cancelled', version = version + 1, "
    "update_time_us = :now WHERE plan_id = :plan_id AND "
    "state IN ('scheduled', 'due')";

constexpr char kSetClientBlock[] =
    "UPDATE clients SET dunning_blocked_until = :blocked_until, "
    "dunning_block_reason = :block_reason, version = version + 1, "
    "update_time_us = :now WHERE id = :id RETURNING ";

constexpr char kCompleteTask[] =
    "UPDATE reminders SET state = 'done', reason = :reason, "
    "action_date = :action_date, version = version + 1, "
    "update_time_us = :now WHERE id = :id AND version = :version";
// The follow-up a replayed call made: the workflow reminder of the call's
// client written in the call's transaction (at its entry's create time).
constexpr char kFollowUpOfCall[] =
    "SELECT id FROM reminders WHERE client_id = :client_id AND origin <> "
    "'ladder' AND create_time_us = :create_time_us ORDER BY id DESC LIMIT 1";
// The entry a replayed call's promise or dispute was made with.
constexpr char kEntryOfPromise[] =
    "SELECT MIN(id) FROM interactions WHERE promise_id = :id AND "
    "kind = 'promise_made'";
constexpr char kEntryOfDispute[] =
    "SELECT MIN(id) FROM interactions WHERE dispute_id = :id AND "
    "kind = 'dispute_opened'";

bool IsPostgresql(soci::session& session) {
  return session.get_backend_name() == "postgresql";
}

// The smaller of `amount` and what was received since `paid_at_start`.
std::int64_t PaidSince(std::int64_t amount, std::int64_t paid_now,
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
                                                   long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kInvoiceColumns, kInvoiceById,
                                       IsPostgresql(session) ? kLock : ""));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<InvoiceRecord> invoice,
                           FetchOne<InvoiceRow>(query));
  if (!invoice.has_value()) return NotFound(kInvoiceNoun, id);
  return *std::move(invoice);
}

// FAILED_PRECONDITION unless `invoice` is open and still owes something.
absl::Status CheckInvoiceOwes(const InvoiceRecord& invoice) {
  if (invoice.status == InvoiceStatus::kCancelled) {
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", invoice.id, " is cancelled"));
  }
  if (invoice.status == InvoiceStatus::kPaid ||
      invoice.outstanding_minor() <= 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", invoice.id, " is paid"));
  }
  return absl::OkStatus();
}

void MarkInvoice(soci::session& session, long long invoice_id) {
  SqlQuery mark(session, kMarkInvoice);
  mark.Use("id", invoice_id);
  mark.Execute();
}

// The id of the first row `sql` (binding :invoice_id) returns, if any.
std::optional<long long> FindIdOfInvoice(soci::session& session,
                                         const char* sql,
                                         long long invoice_id) {
  long long id = 0;
  SqlQuery query(session, sql);
  query.Use("invoice_id", invoice_id).Into(id);
  if (!query.Execute()) return std::nullopt;
  return id;
}

absl::StatusOr<ClientRecord> GetClientIn(soci::session& session, long long id,
                                         bool lock) {
  SqlQuery query(session,
                 absl::StrCat("SELECT ", kClientColumns, kClientById,
                              lock && IsPostgresql(session) ? kLock : ""));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<ClientRecord> client,
                           FetchOne<ClientRow>(query));
  if (!client.has_value()) return NotFound(kClientNoun, id);
  return *std::move(client);
}

absl::StatusOr<DisputeRecord> GetDisputeIn(soci::session& session,
                                           long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kDisputeColumns, kDisputeFrom,
                                       " WHERE d.id = :id"));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<DisputeRecord> dispute,
                           FetchOne<DisputeRow>(query));
  if (!dispute.has_value()) return NotFound(kDisputeNoun, id);
  return *std::move(dispute);
}

absl::StatusOr<PromiseRecord> GetPromiseIn(soci::session& session,
                                           long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kPromiseColumns, kPromiseFrom,
                                       " WHERE p.id = :id"));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<PromiseRecord> promise,
                           FetchOne<PromiseRow>(query));
  if (!promise.has_value()) return NotFound(kPromiseNoun, id);
  return *std::move(promise);
}

// Reads the instalments of `plans` and how much of each is covered.
absl::StatusOr<std::vector<PlanRecord>> WithInstalments(
    soci::session& session, std::vector<PlanWithPaid> plans) {
  std::vector<PlanRecord> result;
  if (plans.empty()) return result;
  std::vector<long long> ids;
  absl::flat_hash_map<long long, size_t> index;
  for (size_t i = 0; i < plans.size(); ++i) {
    ids.push_back(plans[i].plan.id);
    index[plans[i].plan.id] = i;
  }
  {
    long long plan_id = 0;
    int number = 0;
    std::string due_date;
    long long amount_minor = 0;
    std::string state;
    // Ids this process read from the database: safe to inline.
    SqlQuery query(session,
                   absl::StrCat(kReadInstalments, "(", absl::StrJoin(ids, ","),
                                ") ORDER BY plan_id, number"));
    query.Into(plan_id)
        .Into(number)
        .Into(due_date)
        .Into(amount_minor)
        .Into(state);
    for (bool found = query.Execute(); found; found = query.Next()) {
      InstalmentRecord instalment;
      instalment.number = number;
      RELANCE_ASSIGN_OR_RETURN(instalment.due_date, DayFromColumn(due_date));
      instalment.amount_minor = amount_minor;
      RELANCE_ASSIGN_OR_RETURN(instalment.state,
                               InstalmentStateFromColumn(state));
      plans[index.at(plan_id)].plan.instalments.push_back(instalment);
    }
  }
  for (PlanWithPaid& plan : plans) {
    // Payments cover the instalments in number order.
    std::int64_t left = plan.paid_since_minor;
    for (InstalmentRecord& instalment : plan.plan.instalments) {
      instalment.paid_minor = std::min(instalment.amount_minor, left);
      left -= instalment.paid_minor;
    }
    result.push_back(std::move(plan.plan));
  }
  return result;
}

absl::StatusOr<PlanRecord> GetPlanIn(soci::session& session, long long id) {
  std::vector<PlanWithPaid> rows;
  {
    SqlQuery query(session, absl::StrCat("SELECT ", kPlanColumns, kPlanFrom,
                                         " WHERE p.id = :id"));
    query.Use("id", id);
    RELANCE_ASSIGN_OR_RETURN(rows, FetchAll<PlanRow>(query));
  }
  if (rows.empty()) return NotFound(kPlanNoun, id);
  RELANCE_ASSIGN_OR_RETURN(std::vector<PlanRecord> plans,
                           WithInstalments(session, std::move(rows)));
  return std::move(plans.front());
}

// Appends `entry` and reads it back as stored.
absl::StatusOr<InteractionRecord> AppendIn(soci::session& session,
                                           const InteractionRecord& entry,
                                           absl::Time now) {
  RELANCE_ASSIGN_OR_RETURN(std::int64_t id,
                           AppendInteractionIn(session, entry, now));
  return GetInteractionIn(session, id);
}

absl::Status CheckDispute(const DisputeRecord& dispute) {
  if (dispute.reason.empty()) {
    return absl::InvalidArgumentError("a dispute needs a reason");
  }
  return CheckStorableDay(dispute.deadline, "deadline");
}

// Opens `dispute` (its client taken from its invoice) and marks its invoice;
// returns it as stored. NOT_FOUND; FAILED_PRECONDITION as OpenDispute.
absl::StatusOr<DisputeRecord> InsertDisputeIn(soci::session& session,
                                              const DisputeRecord& dispute,
                                              absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckDispute(dispute));
  RELANCE_ASSIGN_OR_RETURN(InvoiceRecord invoice,
                           ReadInvoiceForChange(session, dispute.invoice_id));
  RELANCE_RETURN_IF_ERROR(CheckInvoiceOwes(invoice));
  // The unique index would refuse it too, with a less helpful error.
  if (std::optional<long long> open =
          FindIdOfInvoice(session, kOpenDisputeOfInvoice, invoice.id);
      open.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "invoice ", invoice.id, " already has open dispute ", *open));
  }
  const long long invoice_id = invoice.id;
  const long long client_id = invoice.client_id;
  const std::string deadline = OptionalDayToColumn(dispute.deadline);
  const long long now_column = TimeToColumn(now);
  long long id = 0;
  {
    SqlQuery insert(session, kInsertDispute);
    insert.Use("invoice_id", invoice_id)
        .Use("client_id", client_id)
        .Use("reason", dispute.reason)
        .Use("owner", dispute.owner)
        .Use("deadline", deadline)
        .Use("opened_by", dispute.opened_by)
        .Use("now", now_column)
        .Into(id);
    if (!insert.Execute()) {
      return absl::InternalError("dispute insert returned no id");
    }
  }
  MarkInvoice(session, invoice_id);
  return GetDisputeIn(session, id);
}

absl::Status CheckPromise(const PromiseRecord& promise) {
  if (promise.amount.minor <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a promised amount must be positive, not ", promise.amount.minor));
  }
  if (promise.grace_days < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "grace days must not be negative, not ", promise.grace_days));
  }
  RELANCE_RETURN_IF_ERROR(
      CheckStorableDay(promise.promised_date, "promised_date"));
  return CheckStorableDay(promise.promised_date + promise.grace_days,
                          "promised_date + grace_days");
}

// Makes `promise` (its client taken from its invoice) and marks its invoice;
// returns it as stored. NOT_FOUND; FAILED_PRECONDITION as MakePromise.
absl::StatusOr<PromiseRecord> InsertPromiseIn(soci::session& session,
                                              const PromiseRecord& promise,
                                              absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckPromise(promise));
  RELANCE_ASSIGN_OR_RETURN(InvoiceRecord invoice,
                           ReadInvoiceForChange(session, promise.invoice_id));
  RELANCE_RETURN_IF_ERROR(CheckInvoiceOwes(invoice));
  if (promise.amount.currency != invoice.currency) {
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", invoice.id, " is in ", invoice.currency,
                     ", not ", promise.amount.currency));
  }
  if (promise.amount.minor > invoice.outstanding_minor()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the promised ", promise.amount.minor, " exceed the ",
        invoice.outstanding_minor(), " invoice ", invoice.id, " still owes"));
  }
  const long long invoice_id = invoice.id;
  const long long client_id = invoice.client_id;
  const long long amount = promise.amount.minor;
  const std::string promised_date = DayToColumn(promise.promised_date);
  const int grace_days = promise.grace_days;
  const std::string until_date =
      DayToColumn(promise.promised_date + promise.grace_days);
  const long long paid_at_start = invoice.paid_minor + invoice.credited_minor;
  const long long now_column = TimeToColumn(now);
  long long id = 0;
  {
    SqlQuery insert(session, kInsertPromise);
    insert.Use("invoice_id", invoice_id)
        .Use("client_id", client_id)
        .Use("amount_minor", amount)
        .Use("currency", promise.amount.currency)
        .Use("promised_date", promised_date)
        .Use("grace_days", grace_days)
        .Use("until_date", until_date)
        .Use("paid_at_start", paid_at_start)
        .Use("made_by", promise.made_by)
        .Use("now", now_column)
        .Into(id);
    if (!insert.Execute()) {
      return absl::InternalError("promise insert returned no id");
    }
  }
  MarkInvoice(session, invoice_id);
  return GetPromiseIn(session, id);
}

// `entry` about `dispute`, as the dispute's entries are written.
InteractionRecord DisputeEntry(InteractionRecord entry, InteractionKind kind,
                               const DisputeRecord& dispute) {
  entry.kind = kind;
  entry.client_id = dispute.client_id;
  entry.invoice_id = dispute.invoice_id;
  entry.dispute_id = dispute.id;
  return entry;
}

InteractionRecord PromiseEntry(InteractionRecord entry,
                               const PromiseRecord& promise) {
  entry.kind = InteractionKind::kPromiseMade;
  entry.client_id = promise.client_id;
  entry.invoice_id = promise.invoice_id;
  entry.promise_id = promise.id;
  entry.amount = promise.amount;
  entry.day = promise.promised_date;
  return entry;
}

InteractionRecord PlanEntry(InteractionRecord entry, InteractionKind kind,
                            const PlanRecord& plan) {
  entry.kind = kind;
  entry.client_id = plan.client_id;
  entry.invoice_id = plan.invoice_id;
  entry.plan_id = plan.id;
  entry.amount = plan.total;
  return entry;
}

absl::Status CheckPlan(const PlanRecord& plan) {
  if (plan.instalments.empty()) {
    return absl::InvalidArgumentError("a payment plan needs instalments");
  }
  if (plan.grace_days < 0 || plan.break_after_days < plan.grace_days) {
    return absl::InvalidArgumentError(
        absl::StrCat("a plan needs 0 <= grace_days <= break_after_days, not ",
                     plan.grace_days, " and ", plan.break_after_days));
  }
  for (size_t i = 0; i < plan.instalments.size(); ++i) {
    const InstalmentRecord& instalment = plan.instalments[i];
    if (instalment.amount_minor <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("instalment ", i + 1,
                                                     " must be positive, not ",
                                                     instalment.amount_minor));
    }
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(instalment.due_date, "due_date"));
    if (i > 0 && instalment.due_date <= plan.instalments[i - 1].due_date) {
      return absl::InvalidArgumentError(absl::StrCat(
          "instalment ", i + 1, " is due on ", DayToColumn(instalment.due_date),
          ", not after instalment ", i, "'s ",
          DayToColumn(plan.instalments[i - 1].due_date)));
    }
  }
  return absl::OkStatus();
}

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

// The client-local day of `time`; UTC's for an unknown time zone.
absl::CivilDay LocalDay(absl::Time time, const std::string& time_zone) {
  return absl::ToCivilDay(
      time, LoadIanaTimeZone(time_zone).value_or(absl::UTCTimeZone()));
}

// Carries out due task `task_id` of `client` with `call`'s outcome.
// NOT_FOUND; FAILED_PRECONDITION unless a due task of the client.
absl::StatusOr<ReminderRecord> CompleteTaskIn(soci::session& session,
                                              long long task_id,
                                              const ClientRecord& client,
                                              const InteractionRecord& call,
                                              absl::Time now) {
  RELANCE_ASSIGN_OR_RETURN(ReminderRecord task,
                           ReadReminderIn(session, task_id));
  // A task is what Reminders::Complete marks done: due, and for a person.
  if (task.client_id != client.id || task.state != ReminderState::kDue ||
      task.actor == Actor::kAutomatic) {
    return absl::FailedPreconditionError(absl::StrCat(
        "reminder ", task.id, " is not a due task of client ", client.id));
  }
  // "outcome: notes", either alone when the other is empty.
  std::vector<std::string> parts;
  if (call.call_outcome.has_value()) {
    parts.push_back(
        absl::StrReplaceAll(EnumToColumn(*call.call_outcome), {{"_", " "}}));
  }
  if (!call.body_text.empty()) parts.push_back(call.body_text);
  const std::string reason = absl::StrJoin(parts, ": ");
  const std::string action_date =
      DayToColumn(LocalDay(call.occurred_time, client.time_zone));
  const long long now_column = TimeToColumn(now);
  const long long id = task.id;
  const long long version = task.version;
  SqlQuery update(session, kCompleteTask);
  update.Use("reason", reason)
      .Use("action_date", action_date)
      .Use("now", now_column)
      .Use("id", id)
      .Use("version", version);
  update.Execute();
  if (update.affected_rows() != 1) {
    return MissingOrModified(session, "reminders", kReminderNoun, id, version);
  }
  RELANCE_ASSIGN_OR_RETURN(ReminderRecord done, ReadReminderIn(session, id));
  RELANCE_RETURN_IF_ERROR(
      RaiseReminderEventIn(session, done, task.state, call.actor, now));
  return done;
}

// A copy of a call's entry for what the call makes when no entry of its own
// was given: the request_id stays the call's alone.
InteractionRecord Unkeyed(InteractionRecord entry) {
  entry.request_id.clear();
  entry.reminder_ids.clear();
  entry.reminder_invoice_ids.clear();
  entry.promise_id.reset();
  entry.dispute_id.reset();
  entry.call_outcome.reset();
  return entry;
}

// What a call logged with an already used request_id made, as it is now.
absl::StatusOr<CallResult> ReplayCall(soci::session& session,
                                      InteractionRecord call) {
  CallResult result;
  if (!call.reminder_ids.empty()) {
    RELANCE_ASSIGN_OR_RETURN(result.task,
                             ReadReminderIn(session, call.reminder_ids[0]));
  }
  std::optional<long long> second_entry;
  if (call.promise_id.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(result.promise,
                             GetPromiseIn(session, *call.promise_id));
  }
  const long long promise_id = call.promise_id.value_or(0);
  const long long dispute_id = call.dispute_id.value_or(0);
  if (call.dispute_id.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(result.dispute,
                             GetDisputeIn(session, *call.dispute_id));
  }
  if (promise_id != 0 || dispute_id != 0) {
    long long id = 0;
    SqlQuery query(session,
                   promise_id != 0 ? kEntryOfPromise : kEntryOfDispute);
    query.Use("id", promise_id != 0 ? promise_id : dispute_id).Into(id);
    if (query.Execute() && id != 0) second_entry = id;
  }
  const long long client_id = call.client_id;
  const long long create_time_us = TimeToColumn(call.create_time);
  {
    long long follow_up_id = 0;
    SqlQuery query(session, kFollowUpOfCall);
    query.Use("client_id", client_id)
        .Use("create_time_us", create_time_us)
        .Into(follow_up_id);
    if (query.Execute()) {
      RELANCE_ASSIGN_OR_RETURN(result.follow_up,
                               ReadReminderIn(session, follow_up_id));
    }
  }
  result.entries.push_back(std::move(call));
  if (second_entry.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(InteractionRecord entry,
                             GetInteractionIn(session, *second_entry));
    result.entries.push_back(std::move(entry));
  }
  return result;
}

// The filter every workflow list shares: unset fields do not filter.
struct ListFilter {
  std::optional<std::int64_t> client_id;
  std::optional<std::int64_t> invoice_id;
  // The state's column text; empty for any state.
  std::string state;
  std::optional<std::string> owner;
};

// One page of the rows `select` (its SELECT and FROM, the listed table
// aliased `alias`) that match `filter`, in id order.
template <typename Row>
absl::StatusOr<std::vector<typename Row::Record>> FetchPageIn(
    soci::session& session, absl::string_view select, absl::string_view alias,
    const ListFilter& filter, const PageRequest& page) {
  const long long after_id = page.after_id;
  const long long limit = PageQueryLimit(page);
  const long long client_id = filter.client_id.value_or(0);
  const long long invoice_id = filter.invoice_id.value_or(0);
  std::string sql = absl::StrCat(select, " WHERE ", alias, ".id > :after_id");
  if (filter.client_id.has_value()) {
    absl::StrAppend(&sql, " AND ", alias, ".client_id = :client_id");
  }
  if (filter.invoice_id.has_value()) {
    absl::StrAppend(&sql, " AND ", alias, ".invoice_id = :invoice_id");
  }
  if (!filter.state.empty()) {
    absl::StrAppend(&sql, " AND ", alias, ".state = :state");
  }
  if (filter.owner.has_value()) {
    absl::StrAppend(&sql, " AND ", alias,
                    ".client_id IN (SELECT id FROM clients WHERE owner = "
                    ":owner)");
  }
  absl::StrAppend(&sql, " ORDER BY ", alias, ".id LIMIT :limit");
  SqlQuery query(session, sql);
  query.Use("after_id", after_id);
  if (filter.client_id.has_value()) query.Use("client_id", client_id);
  if (filter.invoice_id.has_value()) query.Use("invoice_id", invoice_id);
  if (!filter.state.empty()) query.Use("state", filter.state);
  if (filter.owner.has_value()) query.Use("owner", *filter.owner);
  query.Use("limit", limit);
  return FetchAll<Row>(query);
}

template <typename Filter>
ListFilter ListFilterOf(const Filter& filter) {
  return {filter.client_id, filter.invoice_id,
          filter.state.has_value() ? std::string(EnumToColumn(*filter.state))
                                   : std::string(),
          filter.owner};
}

}  // namespace

absl::StatusOr<WorkflowChange<DisputeRecord>>
SqlWorkflowRepository::OpenDispute(const DisputeRecord& dispute,
                                   const InteractionRecord& entry,
                                   absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckDispute(dispute));
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<DisputeRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<DisputeRecord>(session, *earlier, earlier->dispute_id,
                                   kDisputeNoun, GetDisputeIn);
    }
    RELANCE_ASSIGN_OR_RETURN(DisputeRecord opened,
                             InsertDisputeIn(session, dispute, now));
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord stored,
        AppendIn(session,
                 DisputeEntry(entry, InteractionKind::kDisputeOpened, opened),
                 now));
    return WorkflowChange<DisputeRecord>{.record = std::move(opened),
                                         .entries = {std::move(stored)}};
  });
}

absl::StatusOr<WorkflowChange<DisputeRecord>>
SqlWorkflowRepository::CommentDispute(std::int64_t dispute_id,
                                      const InteractionRecord& entry,
                                      absl::Time now) {
  const long long id = dispute_id;
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<DisputeRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<DisputeRecord>(session, *earlier, earlier->dispute_id,
                                   kDisputeNoun, GetDisputeIn);
    }
    RELANCE_ASSIGN_OR_RETURN(DisputeRecord dispute, GetDisputeIn(session, id));
    if (dispute.state != DisputeState::kOpen) {
      return absl::FailedPreconditionError(
          absl::StrCat("dispute ", id, " is resolved"));
    }
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord stored,
        AppendIn(
            session,
            DisputeEntry(entry, InteractionKind::kDisputeCommented, dispute),
            now));
    return WorkflowChange<DisputeRecord>{.record = std::move(dispute),
                                         .entries = {std::move(stored)}};
  });
}

absl::StatusOr<WorkflowChange<DisputeRecord>>
SqlWorkflowRepository::ResolveDispute(std::int64_t dispute_id,
                                      DisputeOutcome outcome,
                                      const std::string& resolution,
                                      const InteractionRecord& entry,
                                      absl::Time now) {
  const long long id = dispute_id;
  const std::string outcome_column(EnumToColumn(outcome));
  const long long now_column = TimeToColumn(now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<DisputeRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<DisputeRecord>(session, *earlier, earlier->dispute_id,
                                   kDisputeNoun, GetDisputeIn);
    }
    {
      SqlQuery update(session, kResolveDispute);
      update.Use("outcome", outcome_column)
          .Use("resolution", resolution)
          .Use("resolved_by", entry.actor)
          .Use("now", now_column)
          .Use("id", id);
      update.Execute();
      if (update.affected_rows() != 1) {
        RELANCE_RETURN_IF_ERROR(GetDisputeIn(session, id).status());
        return absl::FailedPreconditionError(
            absl::StrCat("dispute ", id, " is already resolved"));
      }
    }
    RELANCE_ASSIGN_OR_RETURN(DisputeRecord dispute, GetDisputeIn(session, id));
    MarkInvoice(session, dispute.invoice_id);
    InteractionRecord resolved =
        DisputeEntry(entry, InteractionKind::kDisputeResolved, dispute);
    resolved.dispute_outcome = outcome;
    RELANCE_ASSIGN_OR_RETURN(InteractionRecord stored,
                             AppendIn(session, resolved, now));
    return WorkflowChange<DisputeRecord>{.record = std::move(dispute),
                                         .entries = {std::move(stored)}};
  });
}

absl::StatusOr<DisputeRecord> SqlWorkflowRepository::GetDispute(
    std::int64_t id) {
  return runner_->Read(
      [&](soci::session& session) { return GetDisputeIn(session, id); });
}

absl::StatusOr<Page<DisputeRecord>> SqlWorkflowRepository::ListDisputes(
    const DisputeFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const std::string select =
      absl::StrCat("SELECT ", kDisputeColumns, kDisputeFrom);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<DisputeRecord>> {
        RELANCE_ASSIGN_OR_RETURN(
            std::vector<DisputeRecord> rows,
            FetchPageIn<DisputeRow>(session, select, "d", ListFilterOf(filter),
                                    page));
        return ToPage(std::move(rows), page);
      });
}

absl::StatusOr<WorkflowChange<PromiseRecord>>
SqlWorkflowRepository::MakePromise(const PromiseRecord& promise,
                                   const InteractionRecord& entry,
                                   absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckPromise(promise));
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<PromiseRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<PromiseRecord>(session, *earlier, earlier->promise_id,
                                   kPromiseNoun, GetPromiseIn);
    }
    RELANCE_ASSIGN_OR_RETURN(PromiseRecord made,
                             InsertPromiseIn(session, promise, now));
    RELANCE_ASSIGN_OR_RETURN(InteractionRecord stored,
                             AppendIn(session, PromiseEntry(entry, made), now));
    return WorkflowChange<PromiseRecord>{.record = std::move(made),
                                         .entries = {std::move(stored)}};
  });
}

absl::StatusOr<PromiseRecord> SqlWorkflowRepository::GetPromise(
    std::int64_t id) {
  return runner_->Read(
      [&](soci::session& session) { return GetPromiseIn(session, id); });
}

absl::StatusOr<Page<PromiseRecord>> SqlWorkflowRepository::ListPromises(
    const PromiseFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const std::string select =
      absl::StrCat("SELECT ", kPromiseColumns, kPromiseFrom);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<PromiseRecord>> {
        RELANCE_ASSIGN_OR_RETURN(
            std::vector<PromiseRecord> rows,
            FetchPageIn<PromiseRow>(session, select, "p", ListFilterOf(filter),
                                    page));
        return ToPage(std::move(rows), page);
      });
}

absl::StatusOr<WorkflowChange<PlanRecord>> SqlWorkflowRepository::CreatePlan(
    const PlanRecord& plan, const InteractionRecord& entry, absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckPlan(plan));
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<PlanRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<PlanRecord>(session, *earlier, earlier->plan_id, kPlanNoun,
                                GetPlanIn);
    }
    RELANCE_ASSIGN_OR_RETURN(InvoiceRecord invoice,
                             ReadInvoiceForChange(session, plan.invoice_id));
    RELANCE_RETURN_IF_ERROR(CheckInvoiceOwes(invoice));
    if (std::optional<long long> active =
            FindIdOfInvoice(session, kActivePlanOfInvoice, invoice.id);
        active.has_value()) {
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", invoice.id,
                       " already has active payment plan ", *active));
    }
    if (plan.total.currency != invoice.currency) {
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", invoice.id, " is in ", invoice.currency,
                       ", not ", plan.total.currency));
    }
    std::int64_t sum = 0;
    for (const InstalmentRecord& instalment : plan.instalments) {
      sum += instalment.amount_minor;
    }
    if (sum != invoice.outstanding_minor()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "instalments add up to ", sum, ", the invoice still owes ",
          invoice.outstanding_minor()));
    }
    const long long invoice_id = invoice.id;
    const long long client_id = invoice.client_id;
    const long long total = invoice.outstanding_minor();
    const long long paid_at_start = invoice.paid_minor + invoice.credited_minor;
    const int grace_days = plan.grace_days;
    const int break_after_days = plan.break_after_days;
    const long long now_column = TimeToColumn(now);
    long long id = 0;
    {
      SqlQuery insert(session, kInsertPlan);
      insert.Use("invoice_id", invoice_id)
          .Use("client_id", client_id)
          .Use("total_minor", total)
          .Use("currency", invoice.currency)
          .Use("paid_at_start", paid_at_start)
          .Use("grace_days", grace_days)
          .Use("break_after_days", break_after_days)
          .Use("created_by", plan.created_by)
          .Use("now", now_column)
          .Into(id);
      if (!insert.Execute()) {
        return absl::InternalError("payment plan insert returned no id");
      }
    }
    {
      int number = 0;
      std::string due_date;
      long long amount = 0;
      SqlQuery insert(session, kInsertInstalment, SqlQuery::Reuse::kRepeated);
      insert.Use("plan_id", id)
          .Use("number", number)
          .Use("due_date", due_date)
          .Use("amount_minor", amount);
      for (const InstalmentRecord& instalment : plan.instalments) {
        ++number;
        due_date = DayToColumn(instalment.due_date);
        amount = instalment.amount_minor;
        insert.Execute();
      }
    }
    MarkInvoice(session, invoice_id);
    RELANCE_ASSIGN_OR_RETURN(PlanRecord created, GetPlanIn(session, id));
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord stored,
        AppendIn(session,
                 PlanEntry(entry, InteractionKind::kPlanCreated, created),
                 now));
    return WorkflowChange<PlanRecord>{.record = std::move(created),
                                      .entries = {std::move(stored)}};
  });
}

absl::StatusOr<WorkflowChange<PlanRecord>> SqlWorkflowRepository::CancelPlan(
    std::int64_t plan_id, const InteractionRecord& entry, absl::Time now) {
  const long long id = plan_id;
  const long long now_column = TimeToColumn(now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<PlanRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<PlanRecord>(session, *earlier, earlier->plan_id, kPlanNoun,
                                GetPlanIn);
    }
    {
      SqlQuery update(session, kCancelPlan);
      update.Use("now", now_column).Use("id", id);
      update.Execute();
      if (update.affected_rows() != 1) {
        RELANCE_ASSIGN_OR_RETURN(PlanRecord plan, GetPlanIn(session, id));
        return absl::FailedPreconditionError(
            absl::StrCat("payment plan ", id, " is ", EnumToColumn(plan.state),
                         ", not active"));
      }
    }
    {
      SqlQuery cancel(session, kCancelPlanReminders);
      cancel.Use("now", now_column).Use("plan_id", id);
      cancel.Execute();
    }
    RELANCE_ASSIGN_OR_RETURN(PlanRecord plan, GetPlanIn(session, id));
    MarkInvoice(session, plan.invoice_id);
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord stored,
        AppendIn(session,
                 PlanEntry(entry, InteractionKind::kPlanCancelled, plan), now));
    return WorkflowChange<PlanRecord>{.record = std::move(plan),
                                      .entries = {std::move(stored)}};
  });
}

absl::StatusOr<PlanRecord> SqlWorkflowRepository::GetPlan(std::int64_t id) {
  return runner_->Read(
      [&](soci::session& session) { return GetPlanIn(session, id); });
}

absl::StatusOr<Page<PlanRecord>> SqlWorkflowRepository::ListPlans(
    const PlanFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const std::string select = absl::StrCat("SELECT ", kPlanColumns, kPlanFrom);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<PlanRecord>> {
        RELANCE_ASSIGN_OR_RETURN(
            std::vector<PlanWithPaid> rows,
            FetchPageIn<PlanRow>(session, select, "p", ListFilterOf(filter),
                                 page));
        RELANCE_ASSIGN_OR_RETURN(std::vector<PlanRecord> plans,
                                 WithInstalments(session, std::move(rows)));
        return ToPage(std::move(plans), page);
      });
}

absl::StatusOr<WorkflowChange<ClientRecord>>
SqlWorkflowRepository::SetClientBlock(std::int64_t client_id,
                                      std::optional<absl::CivilDay> until,
                                      const std::string& reason,
                                      const InteractionRecord& entry,
                                      absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckStorableDay(until, "until"));
  const long long id = client_id;
  const std::string blocked_until = OptionalDayToColumn(until);
  // An unblocked client keeps no reason.
  const std::string block_reason = until.has_value() ? reason : "";
  const long long now_column = TimeToColumn(now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<ClientRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<ClientRecord>(
          session, *earlier, earlier->client_id, kClientNoun,
          [](soci::session& in, long long client) {
            return GetClientIn(in, client, /*lock=*/false);
          });
    }
    if (!until.has_value()) {
      RELANCE_ASSIGN_OR_RETURN(ClientRecord client,
                               GetClientIn(session, id, /*lock=*/true));
      if (!client.dunning_blocked_until.has_value()) {
        return absl::FailedPreconditionError(
            absl::StrCat("client ", id, " is not blocked"));
      }
    }
    std::optional<ClientRecord> updated;
    {
      SqlQuery update(session, absl::StrCat(kSetClientBlock, kClientColumns));
      update.Use("blocked_until", blocked_until)
          .Use("block_reason", block_reason)
          .Use("now", now_column)
          .Use("id", id);
      RELANCE_ASSIGN_OR_RETURN(updated, FetchOne<ClientRow>(update));
    }
    if (!updated.has_value()) return NotFound(kClientNoun, id);
    {
      SqlQuery mark(session, kMarkOpenInvoices);
      mark.Use("client_id", id);
      mark.Execute();
    }
    InteractionRecord blocked = entry;
    blocked.kind = until.has_value() ? InteractionKind::kClientBlocked
                                     : InteractionKind::kClientUnblocked;
    blocked.client_id = id;
    blocked.invoice_id.reset();
    blocked.day = until;
    RELANCE_ASSIGN_OR_RETURN(InteractionRecord stored,
                             AppendIn(session, blocked, now));
    return WorkflowChange<ClientRecord>{.record = *std::move(updated),
                                        .entries = {std::move(stored)}};
  });
}

absl::StatusOr<CallResult> SqlWorkflowRepository::LogCall(const CallWrite& call,
                                                          absl::Time now) {
  if (call.promise.has_value()) {
    RELANCE_RETURN_IF_ERROR(CheckPromise(*call.promise));
  }
  if (call.dispute.has_value()) {
    RELANCE_RETURN_IF_ERROR(CheckDispute(*call.dispute));
  }
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<CallResult> {
        RELANCE_ASSIGN_OR_RETURN(
            std::optional<InteractionRecord> earlier,
            FindInteractionByRequestIn(session, call.entry.request_id));
        if (earlier.has_value()) return ReplayCall(session, *earlier);

        RELANCE_ASSIGN_OR_RETURN(
            ClientRecord client,
            GetClientIn(session, call.entry.client_id, /*lock=*/false));
        InteractionRecord entry = call.entry;
        entry.kind = InteractionKind::kCall;
        if (entry.invoice_id.has_value()) {
          RELANCE_ASSIGN_OR_RETURN(
              InvoiceRecord invoice,
              ReadInvoiceForChange(session, *entry.invoice_id));
          if (invoice.client_id != client.id) {
            return absl::FailedPreconditionError(
                absl::StrCat("invoice ", invoice.id,
                             " is not an invoice of client ", client.id));
          }
        }
        CallResult result;
        if (call.task_id.has_value()) {
          RELANCE_ASSIGN_OR_RETURN(
              result.task,
              CompleteTaskIn(session, *call.task_id, client, entry, now));
          entry.reminder_ids = {result.task->id};
          entry.reminder_invoice_ids = {result.task->invoice_id};
        }
        // Made before the call's entry, which points at them, and entered
        // after it.
        if (call.promise.has_value()) {
          RELANCE_ASSIGN_OR_RETURN(
              result.promise, InsertPromiseIn(session, *call.promise, now));
          if (result.promise->client_id != client.id) {
            return absl::FailedPreconditionError(
                absl::StrCat("invoice ", result.promise->invoice_id,
                             " is not an invoice of client ", client.id));
          }
          entry.promise_id = result.promise->id;
        }
        if (call.dispute.has_value()) {
          RELANCE_ASSIGN_OR_RETURN(
              result.dispute, InsertDisputeIn(session, *call.dispute, now));
          if (result.dispute->client_id != client.id) {
            return absl::FailedPreconditionError(
                absl::StrCat("invoice ", result.dispute->invoice_id,
                             " is not an invoice of client ", client.id));
          }
          entry.dispute_id = result.dispute->id;
        }
        RELANCE_ASSIGN_OR_RETURN(InteractionRecord stored,
                                 AppendIn(session, entry, now));
        result.entries.push_back(std::move(stored));
        if (result.promise.has_value()) {
          RELANCE_ASSIGN_OR_RETURN(
              InteractionRecord promise_entry,
              AppendIn(session,
                       PromiseEntry(call.promise_entry.value_or(Unkeyed(entry)),
                                    *result.promise),
                       now));
          result.entries.push_back(std::move(promise_entry));
        }
        if (result.dispute.has_value()) {
          RELANCE_ASSIGN_OR_RETURN(
              InteractionRecord dispute_entry,
              AppendIn(session,
                       DisputeEntry(call.dispute_entry.value_or(Unkeyed(entry)),
                                    InteractionKind::kDisputeOpened,
                                    *result.dispute),
                       now));
          result.entries.push_back(std::move(dispute_entry));
        }
        if (call.follow_up.has_value()) {
          ReminderRecord follow_up = *call.follow_up;
          RELANCE_ASSIGN_OR_RETURN(
              InvoiceRecord invoice,
              ReadInvoiceForChange(session, follow_up.invoice_id));
          if (invoice.client_id != client.id) {
            return absl::FailedPreconditionError(
                absl::StrCat("invoice ", invoice.id,
                             " is not an invoice of client ", client.id));
          }
          follow_up.client_id = client.id;
          RELANCE_ASSIGN_OR_RETURN(std::int64_t follow_up_id,
                                   InsertReminderIn(session, follow_up, now));
          RELANCE_ASSIGN_OR_RETURN(result.follow_up,
                                   ReadReminderIn(session, follow_up_id));
          // A task due at once (find the right number) is assigned now; one
          // scheduled (call again) when the sweep makes it due.
          RELANCE_RETURN_IF_ERROR(
              RaiseReminderEventIn(session, *result.follow_up,
                                   /*before=*/std::nullopt, entry.actor, now));
        }
        return result;
      });
}

absl::StatusOr<SweepResult> SqlWorkflowRepository::Sweep(
    absl::CivilDay day, absl::Time cutoff, const std::string& actor,
    const InstalmentDunning& dunning, absl::Time now) {
  return SweepWorkflow(runner_, day, cutoff, actor, dunning, now);
}

}  // namespace relance::storage
