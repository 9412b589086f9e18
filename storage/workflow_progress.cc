#include "storage/workflow_progress.h"

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
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/dunning_repository.h"
#include "storage/interaction_repository.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/workflow_rules.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"
#include "storage/workflow_sql.h"

namespace relance::storage {
namespace {

// The actor of the entries a settlement writes: SettlementRecord does not say
// who recorded it.
constexpr absl::string_view kSettlementActor = "relanced";
// Where tasks go when the client has no owner (as the engine assigns them).
constexpr absl::string_view kBackOfficeQueue = "back_office";

constexpr char kInvoiceState[] =
    "SELECT client_id, number, currency, paid_minor + credited_minor, "
    "total_minor - paid_minor - credited_minor FROM invoices WHERE id = :id";

constexpr char kDuePromises[] =
    "SELECT id, invoice_id FROM promises WHERE state = 'open' AND "
    "until_date < :day ORDER BY until_date, id";
constexpr char kOpenPromiseById[] =
    "SELECT id, client_id, amount_minor, currency, promised_date, "
    "paid_at_start_minor FROM promises WHERE id = :id AND state = 'open' AND "
    "until_date < :day";
constexpr char kOpenPromisesOfInvoice[] =
    "SELECT id, client_id, amount_minor, currency, promised_date, "
    "paid_at_start_minor FROM promises WHERE invoice_id = :invoice_id AND "
    "state = 'open' ORDER BY id";
constexpr char kClosePromise[] =
    "UPDATE promises SET state = :state, close_time_us = :now, "
    "version = version + 1 WHERE id = :id AND state = 'open'";

// Through plan_instalments_pending_by_due; each plan's grace is applied by
// the caller.
constexpr char kDueInstalments[] =
    "SELECT pi.plan_id, pi.number, p.invoice_id, pi.due_date, p.grace_days "
    "FROM plan_instalments pi JOIN payment_plans p ON p.id = pi.plan_id "
    "WHERE pi.state = 'pending' AND pi.due_date < :day AND "
    "p.state = 'active' ORDER BY pi.due_date, pi.plan_id, pi.number";
constexpr char kPlansWithUnpaidDue[] =
    "SELECT DISTINCT p.id, p.invoice_id FROM payment_plans p JOIN "
    "plan_instalments pi ON pi.plan_id = p.id WHERE p.state = 'active' AND "
    "pi.state <> 'paid' AND pi.due_date < :day ORDER BY p.id";
constexpr char kActivePlanById[] =
    "SELECT id, invoice_id, client_id, currency, total_minor, "
    "paid_at_start_minor, grace_days, break_after_days FROM payment_plans "
    "WHERE id = :id AND state = 'active'";
constexpr char kInstalmentsOfPlan[] =
    "SELECT number, due_date, amount_minor, state FROM plan_instalments "
    "WHERE plan_id = :plan_id ORDER BY number";
constexpr char kSetInstalmentState[] =
    "UPDATE plan_instalments SET state = :state WHERE plan_id = :plan_id AND "
    "number = :number";
constexpr char kClosePlan[] =
    "UPDATE payment_plans SET state = :state, close_time_us = :now, "
    "version = version + 1 WHERE id = :id AND state = 'active'";
constexpr char kCancelInstalmentReminders[] =
    "UPDATE reminders SET state = 'cancelled', reason = :reason, "
    "version = version + 1, update_time_us = :now WHERE plan_id = :plan_id "
    "AND instalment_number = :number AND state IN ('scheduled', 'due')";
constexpr char kCancelRemindersOfBrokenPlan[] =
    "UPDATE reminders SET state = 'cancelled', reason = :reason, "
    "version = version + 1, update_time_us = :now WHERE plan_id = :plan_id "
    "AND state IN ('scheduled', 'due')";
constexpr char kClientPolicyAndOwner[] =
    "SELECT COALESCE(c.policy_id, (SELECT id FROM policies WHERE "
    "is_default = 1), 0), c.owner FROM clients c WHERE c.id = :id";

constexpr char kDisputesPastDeadline[] =
    "SELECT id, invoice_id FROM disputes WHERE state = 'open' AND "
    "deadline <> '' AND deadline_passed = 0 AND deadline < :day "
    "ORDER BY deadline, id";
constexpr char kOpenDisputeById[] =
    "SELECT client_id, deadline FROM disputes WHERE id = :id AND "
    "state = 'open' AND deadline <> '' AND deadline_passed = 0 AND "
    "deadline < :day";
constexpr char kDisputeDeadlinePassed[] =
    "UPDATE disputes SET deadline_passed = 1, version = version + 1 "
    "WHERE id = :id";

constexpr char kWorkflowRemindersScheduled[] =
    "SELECT id, invoice_id FROM reminders WHERE origin <> 'ladder' AND "
    "state = 'scheduled' AND scheduled_us <= :cutoff ORDER BY scheduled_us, id";
constexpr char kWorkflowReminderDue[] =
    "UPDATE reminders SET state = 'due', reason = '', action_date = :day, "
    "version = version + 1, update_time_us = :now WHERE id = :id AND "
    "origin <> 'ladder' AND state = 'scheduled' AND scheduled_us <= :cutoff";

// Locks the rows `sql` selects on PostgreSQL; SQLite's write transactions
// hold the whole database from their start. NO KEY UPDATE, as the UPDATEs
// that follow take: a plain FOR UPDATE would also wait for the KEY SHARE
// locks that concurrent inserts referencing the row hold (a settlement's
// own row), and two settlements of one invoice would deadlock.
std::string Locked(soci::session& session, absl::string_view sql) {
  return absl::StrCat(sql, session.get_backend_name() == "postgresql"
                               ? " FOR NO KEY UPDATE"
                               : "");
}

// An invoice's sums as its workflow measures them.
struct InvoiceState {
  long long id = 0;
  long long client_id = 0;
  std::string number;
  std::string currency;
  // Paid and credited.
  long long received = 0;
  long long outstanding = 0;

  InvoiceSums Sums() const { return {received, outstanding}; }
};

// Locks invoice `id` (PostgreSQL) and reads it: every change of the workflow
// locks the invoice first, as settlements do, so that they never wait for
// each other in a cycle. NOT_FOUND.
absl::StatusOr<InvoiceState> LockInvoice(soci::session& session, long long id) {
  InvoiceState invoice;
  invoice.id = id;
  SqlQuery query(session, Locked(session, kInvoiceState));
  query.Use("id", id)
      .Into(invoice.client_id)
      .Into(invoice.number)
      .Into(invoice.currency)
      .Into(invoice.received)
      .Into(invoice.outstanding);
  if (!query.Execute()) return NotFound("invoice", id);
  return invoice;
}

// An entry of `kind` about `invoice`, by `actor`, as of `now`.
InteractionRecord EntryOf(const InvoiceState& invoice, InteractionKind kind,
                          absl::string_view actor, absl::Time now) {
  InteractionRecord entry;
  entry.client_id = invoice.client_id;
  entry.invoice_id = invoice.id;
  entry.kind = kind;
  entry.actor = std::string(actor);
  entry.occurred_time = now;
  return entry;
}

std::string NumberJson(int number) {
  return absl::StrCat("{\"number\":", number, "}");
}

// Appends `entry` and, when `written` is set, adds it there as stored.
absl::Status Append(soci::session& session, const InteractionRecord& entry,
                    absl::Time now, std::vector<InteractionRecord>* written) {
  RELANCE_ASSIGN_OR_RETURN(std::int64_t id,
                           AppendInteractionIn(session, entry, now));
  if (written == nullptr) return absl::OkStatus();
  RELANCE_ASSIGN_OR_RETURN(InteractionRecord stored,
                           GetInteractionIn(session, id));
  written->push_back(std::move(stored));
  return absl::OkStatus();
}

struct OpenPromiseRow {
  long long id = 0;
  long long client_id = 0;
  long long amount_minor = 0;
  std::string currency;
  std::string promised_date;
  long long paid_at_start_minor = 0;

  void BindTo(SqlQuery& query) {
    query.Into(id)
        .Into(client_id)
        .Into(amount_minor)
        .Into(currency)
        .Into(promised_date)
        .Into(paid_at_start_minor);
  }
  bool KeptUnder(const WorkflowRules& rules,
                 const InvoiceState& invoice) const {
    return rules.PromiseKept({amount_minor, paid_at_start_minor},
                             invoice.Sums());
  }
};

// Closes open promise `promise` as kept or broken, with its entry.
absl::Status ClosePromise(soci::session& session, const InvoiceState& invoice,
                          const OpenPromiseRow& promise, bool kept,
                          absl::string_view actor, absl::Time now,
                          std::vector<InteractionRecord>* written) {
  const std::string state(
      EnumToColumn(kept ? PromiseState::kKept : PromiseState::kBroken));
  const long long now_column = TimeToColumn(now);
  {
    SqlQuery update(session, kClosePromise);
    update.Use("state", state).Use("now", now_column).Use("id", promise.id);
    update.Execute();
  }
  InteractionRecord entry = EntryOf(
      invoice,
      kept ? InteractionKind::kPromiseKept : InteractionKind::kPromiseBroken,
      actor, now);
  entry.promise_id = promise.id;
  entry.amount = {promise.currency, promise.amount_minor};
  RELANCE_ASSIGN_OR_RETURN(entry.day, DayFromColumn(promise.promised_date));
  return Append(session, entry, now, written);
}

struct ActivePlanRow {
  long long id = 0;
  long long invoice_id = 0;
  long long client_id = 0;
  std::string currency;
  long long total_minor = 0;
  long long paid_at_start_minor = 0;
  int grace_days = 0;
  int break_after_days = 0;
};

struct InstalmentRow {
  int number = 0;
  absl::CivilDay due_date;
  long long amount_minor = 0;
  InstalmentState state = InstalmentState::kPending;
};

// Locks plan `id` (PostgreSQL) and reads it with its instalments, if it is
// still active.
absl::StatusOr<
    std::optional<std::pair<ActivePlanRow, std::vector<InstalmentRow>>>>
LockActivePlan(soci::session& session, long long id) {
  ActivePlanRow plan;
  {
    SqlQuery query(session, Locked(session, kActivePlanById));
    query.Use("id", id)
        .Into(plan.id)
        .Into(plan.invoice_id)
        .Into(plan.client_id)
        .Into(plan.currency)
        .Into(plan.total_minor)
        .Into(plan.paid_at_start_minor)
        .Into(plan.grace_days)
        .Into(plan.break_after_days);
    if (!query.Execute()) return std::nullopt;
  }
  std::vector<InstalmentRow> instalments;
  int number = 0;
  std::string due_date;
  long long amount_minor = 0;
  std::string state;
  SqlQuery query(session, kInstalmentsOfPlan);
  query.Use("plan_id", id)
      .Into(number)
      .Into(due_date)
      .Into(amount_minor)
      .Into(state);
  for (bool found = query.Execute(); found; found = query.Next()) {
    InstalmentRow row;
    row.number = number;
    RELANCE_ASSIGN_OR_RETURN(row.due_date, DayFromColumn(due_date));
    row.amount_minor = amount_minor;
    RELANCE_ASSIGN_OR_RETURN(row.state, InstalmentStateFromColumn(state));
    instalments.push_back(row);
  }
  return std::make_pair(std::move(plan), std::move(instalments));
}

void SetInstalmentState(soci::session& session, long long plan_id, int number,
                        InstalmentState state) {
  const std::string text(EnumToColumn(state));
  SqlQuery update(session, kSetInstalmentState);
  update.Use("state", text).Use("plan_id", plan_id).Use("number", number);
  update.Execute();
}

void ClosePlan(soci::session& session, long long plan_id, PlanState state,
               absl::Time now) {
  const std::string text(EnumToColumn(state));
  const long long now_column = TimeToColumn(now);
  SqlQuery update(session, kClosePlan);
  update.Use("state", text).Use("now", now_column).Use("id", plan_id);
  update.Execute();
}

// The rules' view of `plan` and its instalments.
PlanToJudge TermsOf(const ActivePlanRow& plan,
                    const std::vector<InstalmentRow>& instalments) {
  PlanToJudge terms{.paid_at_start_minor = plan.paid_at_start_minor,
                    .grace_days = plan.grace_days,
                    .break_after_days = plan.break_after_days};
  for (const InstalmentRow& row : instalments) {
    terms.instalments.push_back({.number = row.number,
                                 .due_date = row.due_date,
                                 .amount_minor = row.amount_minor,
                                 .state = row.state});
  }
  return terms;
}

bool Contains(const std::vector<std::int32_t>& numbers, int number) {
  return std::find(numbers.begin(), numbers.end(), number) != numbers.end();
}

// Writes what `verdict` says of the plan's payment: the instalments it names
// paid (their reminders not carried out cancelled), the plan completed.
// Returns whether it wrote anything.
absl::StatusOr<bool> ApplyPaid(soci::session& session,
                               const InvoiceState& invoice,
                               const ActivePlanRow& plan,
                               std::vector<InstalmentRow>* instalments,
                               const PlanVerdict& verdict,
                               absl::string_view actor, absl::Time now,
                               std::vector<InteractionRecord>* written) {
  const long long now_column = TimeToColumn(now);
  for (InstalmentRow& instalment : *instalments) {
    if (!Contains(verdict.paid, instalment.number)) continue;
    SetInstalmentState(session, plan.id, instalment.number,
                       InstalmentState::kPaid);
    instalment.state = InstalmentState::kPaid;
    {
      const std::string reason = "instalment paid";
      SqlQuery cancel(session, kCancelInstalmentReminders);
      cancel.Use("reason", reason)
          .Use("now", now_column)
          .Use("plan_id", plan.id)
          .Use("number", instalment.number);
      cancel.Execute();
    }
    InteractionRecord entry =
        EntryOf(invoice, InteractionKind::kInstalmentPaid, actor, now);
    entry.plan_id = plan.id;
    entry.amount = {plan.currency, instalment.amount_minor};
    entry.day = instalment.due_date;
    entry.content_json = NumberJson(instalment.number);
    RELANCE_RETURN_IF_ERROR(Append(session, entry, now, written));
  }
  if (verdict.completed) {
    ClosePlan(session, plan.id, PlanState::kCompleted, now);
    InteractionRecord entry =
        EntryOf(invoice, InteractionKind::kPlanCompleted, actor, now);
    entry.plan_id = plan.id;
    entry.amount = {plan.currency, plan.total_minor};
    RELANCE_RETURN_IF_ERROR(Append(session, entry, now, written));
  }
  return !verdict.paid.empty() || verdict.completed;
}

// The due reminder of missed instalment `instalment`, for the client's policy.
absl::StatusOr<ReminderRecord> InsertInstalmentReminder(
    soci::session& session, const InvoiceState& invoice,
    const ActivePlanRow& plan, const InstalmentRow& instalment,
    const InstalmentDunning& dunning, absl::CivilDay day, absl::Time now) {
  long long policy_id = 0;
  std::string owner;
  {
    SqlQuery query(session, kClientPolicyAndOwner);
    query.Use("id", invoice.client_id).Into(policy_id).Into(owner);
    if (!query.Execute()) return NotFound("client", invoice.client_id);
  }
  if (policy_id == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("client ", invoice.client_id,
                     " has no policy and there is no default policy"));
  }
  ReminderRecord reminder;
  reminder.invoice_id = invoice.id;
  reminder.client_id = invoice.client_id;
  reminder.policy_id = policy_id;
  // One per instalment: the UNIQUE (invoice, policy, step key) of reminders
  // guarantees it.
  reminder.step_key =
      absl::StrCat("plan-", plan.id, "/instalment-", instalment.number);
  reminder.step_index = 0;
  reminder.channels = dunning.channels;
  reminder.template_key = dunning.template_key;
  reminder.actor = dunning.actor;
  switch (dunning.actor) {
    case Actor::kAutomatic:
      break;
    case Actor::kOwner:
      reminder.assignee =
          owner.empty() ? std::string(kBackOfficeQueue) : std::move(owner);
      break;
    case Actor::kBackOffice:
      reminder.assignee = std::string(kBackOfficeQueue);
      break;
  }
  reminder.state = ReminderState::kDue;
  reminder.scheduled_time = now;
  reminder.action_date = day;
  reminder.origin = ReminderOrigin::kInstalment;
  reminder.plan_id = plan.id;
  reminder.instalment_number = instalment.number;
  RELANCE_ASSIGN_OR_RETURN(std::int64_t id,
                           InsertReminderIn(session, reminder, now));
  return ReadReminderIn(session, id);
}

// An item of the sweep: its id (an instalment's plan's) and its invoice.
struct Item {
  long long id = 0;
  long long invoice_id = 0;
  // For instalments: its number.
  int number = 0;
};

// The items `sql` selects as (id, invoice_id), its parameter `name` bound to
// `value`. Only keys are read, all at once: the sweep then takes each in a
// transaction of its own, which re-checks it.
template <typename Value>
absl::StatusOr<std::vector<Item>> ReadItems(TransactionRunner* runner,
                                            const char* sql, const char* name,
                                            const Value& value) {
  return runner->Read(
      [&](soci::session& session) -> absl::StatusOr<std::vector<Item>> {
        std::vector<Item> items;
        Item item;
        SqlQuery query(session, sql);
        query.Use(name, value).Into(item.id).Into(item.invoice_id);
        for (bool found = query.Execute(); found; found = query.Next()) {
          items.push_back(item);
        }
        return items;
      });
}

// Runs `work` for each item in a transaction of its own and gathers what each
// wrote once it committed.
template <typename Work>
absl::Status ForEachItem(TransactionRunner* runner,
                         const std::vector<Item>& items, Work&& work,
                         SweepResult* result) {
  for (const Item& item : items) {
    RELANCE_ASSIGN_OR_RETURN(
        SweepResult written,
        runner->Write(
            [&](soci::session& session) -> absl::StatusOr<SweepResult> {
              SweepResult attempt;
              RELANCE_RETURN_IF_ERROR(work(session, item, attempt));
              return attempt;
            }));
    for (InteractionRecord& entry : written.entries) {
      result->entries.push_back(std::move(entry));
    }
    for (ReminderRecord& reminder : written.due) {
      result->due.push_back(std::move(reminder));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SweepResult> SweepWorkflow(TransactionRunner* runner,
                                          const WorkflowRules& rules,
                                          absl::CivilDay day, absl::Time cutoff,
                                          const std::string& actor,
                                          const InstalmentDunning& dunning,
                                          absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckStorableDay(day, "day"));
  const std::string day_column = DayToColumn(day);
  const long long cutoff_column = TimeToColumn(cutoff);
  const long long now_column = TimeToColumn(now);
  SweepResult result;

  // Promises whose wait is over: kept if covered, else broken.
  RELANCE_ASSIGN_OR_RETURN(std::vector<Item> promises,
                           ReadItems(runner, kDuePromises, "day", day_column));
  RELANCE_RETURN_IF_ERROR(ForEachItem(
      runner, promises,
      [&](soci::session& session, const Item& item,
          SweepResult& written) -> absl::Status {
        RELANCE_ASSIGN_OR_RETURN(InvoiceState invoice,
                                 LockInvoice(session, item.invoice_id));
        OpenPromiseRow promise;
        {
          SqlQuery query(session, Locked(session, kOpenPromiseById));
          query.Use("id", item.id).Use("day", day_column);
          promise.BindTo(query);
          // Closed since it was listed: by a settlement or another sweep.
          if (!query.Execute()) return absl::OkStatus();
        }
        RELANCE_RETURN_IF_ERROR(ClosePromise(session, invoice, promise,
                                             promise.KeptUnder(rules, invoice),
                                             actor, now, &written.entries));
        MarkInvoice(session, invoice.id);
        return absl::OkStatus();
      },
      &result));

  // Instalments whose grace is over: paid if covered, else missed and dunned.
  std::vector<Item> instalments;
  {
    RELANCE_ASSIGN_OR_RETURN(
        instalments,
        runner->Read(
            [&](soci::session& session) -> absl::StatusOr<std::vector<Item>> {
              std::vector<Item> items;
              Item item;
              std::string due_date;
              int grace_days = 0;
              SqlQuery query(session, kDueInstalments);
              query.Use("day", day_column)
                  .Into(item.id)
                  .Into(item.number)
                  .Into(item.invoice_id)
                  .Into(due_date)
                  .Into(grace_days);
              for (bool found = query.Execute(); found; found = query.Next()) {
                RELANCE_ASSIGN_OR_RETURN(absl::CivilDay due,
                                         DayFromColumn(due_date));
                if (rules.GraceOver(due, grace_days, day)) {
                  items.push_back(item);
                }
              }
              return items;
            }));
  }
  RELANCE_RETURN_IF_ERROR(ForEachItem(
      runner, instalments,
      [&](soci::session& session, const Item& item,
          SweepResult& written) -> absl::Status {
        RELANCE_ASSIGN_OR_RETURN(InvoiceState invoice,
                                 LockInvoice(session, item.invoice_id));
        RELANCE_ASSIGN_OR_RETURN(auto locked, LockActivePlan(session, item.id));
        if (!locked.has_value()) return absl::OkStatus();
        auto& [plan, rows] = *locked;
        const PlanVerdict verdict =
            rules.JudgePlan(TermsOf(plan, rows), invoice.Sums(), day);
        RELANCE_ASSIGN_OR_RETURN(
            bool changed, ApplyPaid(session, invoice, plan, &rows, verdict,
                                    actor, now, &written.entries));
        for (const InstalmentRow& instalment : rows) {
          if (instalment.number != item.number ||
              !Contains(verdict.missed, instalment.number)) {
            continue;
          }
          SetInstalmentState(session, plan.id, instalment.number,
                             InstalmentState::kMissed);
          InteractionRecord entry =
              EntryOf(invoice, InteractionKind::kInstalmentMissed, actor, now);
          entry.plan_id = plan.id;
          entry.amount = {plan.currency, instalment.amount_minor};
          entry.day = instalment.due_date;
          entry.content_json = NumberJson(instalment.number);
          entry.summary =
              absl::StrCat("Instalment ", instalment.number, " missed");
          RELANCE_RETURN_IF_ERROR(
              Append(session, entry, now, &written.entries));
          RELANCE_ASSIGN_OR_RETURN(
              ReminderRecord reminder,
              InsertInstalmentReminder(session, invoice, plan, instalment,
                                       dunning, day, now));
          RELANCE_RETURN_IF_ERROR(RaiseReminderEventIn(
              session, reminder, /*before=*/std::nullopt, actor, now));
          written.due.push_back(std::move(reminder));
          changed = true;
        }
        if (changed) MarkInvoice(session, invoice.id);
        return absl::OkStatus();
      },
      &result));

  // Plans with an instalment still not covered `break_after_days` after its
  // due date: broken, and the ladder resumes on what is left.
  RELANCE_ASSIGN_OR_RETURN(
      std::vector<Item> plans,
      ReadItems(runner, kPlansWithUnpaidDue, "day", day_column));
  RELANCE_RETURN_IF_ERROR(ForEachItem(
      runner, plans,
      [&](soci::session& session, const Item& item,
          SweepResult& written) -> absl::Status {
        RELANCE_ASSIGN_OR_RETURN(InvoiceState invoice,
                                 LockInvoice(session, item.invoice_id));
        RELANCE_ASSIGN_OR_RETURN(auto locked, LockActivePlan(session, item.id));
        if (!locked.has_value()) return absl::OkStatus();
        auto& [plan, rows] = *locked;
        const PlanVerdict verdict =
            rules.JudgePlan(TermsOf(plan, rows), invoice.Sums(), day);
        RELANCE_ASSIGN_OR_RETURN(
            bool changed, ApplyPaid(session, invoice, plan, &rows, verdict,
                                    actor, now, &written.entries));
        for (const InstalmentRow& instalment : rows) {
          if (!verdict.broken_by.has_value() ||
              instalment.number != *verdict.broken_by) {
            continue;
          }
          ClosePlan(session, plan.id, PlanState::kBroken, now);
          {
            const std::string reason = "payment plan broken";
            SqlQuery cancel(session, kCancelRemindersOfBrokenPlan);
            cancel.Use("reason", reason)
                .Use("now", now_column)
                .Use("plan_id", plan.id);
            cancel.Execute();
          }
          InteractionRecord entry =
              EntryOf(invoice, InteractionKind::kPlanBroken, actor, now);
          entry.plan_id = plan.id;
          entry.amount = {plan.currency, instalment.amount_minor};
          entry.day = instalment.due_date;
          entry.content_json = NumberJson(instalment.number);
          RELANCE_RETURN_IF_ERROR(
              Append(session, entry, now, &written.entries));
          changed = true;
          break;
        }
        if (changed) MarkInvoice(session, invoice.id);
        return absl::OkStatus();
      },
      &result));

  // Open disputes whose deadline passed: dunning resumes, said once.
  RELANCE_ASSIGN_OR_RETURN(
      std::vector<Item> disputes,
      ReadItems(runner, kDisputesPastDeadline, "day", day_column));
  RELANCE_RETURN_IF_ERROR(ForEachItem(
      runner, disputes,
      [&](soci::session& session, const Item& item,
          SweepResult& written) -> absl::Status {
        RELANCE_ASSIGN_OR_RETURN(InvoiceState invoice,
                                 LockInvoice(session, item.invoice_id));
        long long client_id = 0;
        std::string deadline;
        {
          SqlQuery query(session, Locked(session, kOpenDisputeById));
          query.Use("id", item.id)
              .Use("day", day_column)
              .Into(client_id)
              .Into(deadline);
          if (!query.Execute()) return absl::OkStatus();
        }
        {
          SqlQuery update(session, kDisputeDeadlinePassed);
          update.Use("id", item.id);
          update.Execute();
        }
        InteractionRecord entry = EntryOf(
            invoice, InteractionKind::kDisputeDeadlinePassed, actor, now);
        entry.dispute_id = item.id;
        RELANCE_ASSIGN_OR_RETURN(entry.day, DayFromColumn(deadline));
        RELANCE_RETURN_IF_ERROR(Append(session, entry, now, &written.entries));
        MarkInvoice(session, invoice.id);
        return absl::OkStatus();
      },
      &result));

  // Workflow reminders whose time has come (another call, say): due today.
  RELANCE_ASSIGN_OR_RETURN(
      std::vector<Item> reminders,
      ReadItems(runner, kWorkflowRemindersScheduled, "cutoff", cutoff_column));
  RELANCE_RETURN_IF_ERROR(ForEachItem(
      runner, reminders,
      [&](soci::session& session, const Item& item,
          SweepResult& written) -> absl::Status {
        RELANCE_ASSIGN_OR_RETURN(InvoiceState invoice,
                                 LockInvoice(session, item.invoice_id));
        {
          SqlQuery update(session, kWorkflowReminderDue);
          update.Use("day", day_column)
              .Use("now", now_column)
              .Use("id", item.id)
              .Use("cutoff", cutoff_column);
          update.Execute();
          if (update.affected_rows() != 1) return absl::OkStatus();
        }
        RELANCE_ASSIGN_OR_RETURN(ReminderRecord reminder,
                                 ReadReminderIn(session, item.id));
        RELANCE_RETURN_IF_ERROR(RaiseReminderEventIn(
            session, reminder, ReminderState::kScheduled, actor, now));
        written.due.push_back(std::move(reminder));
        MarkInvoice(session, invoice.id);
        return absl::OkStatus();
      },
      &result));
  return result;
}

absl::Status ApplySettlementIn(soci::session& session,
                               const WorkflowRules& rules,
                               std::int64_t invoice_id,
                               const SettlementRecord& settlement,
                               absl::Time now) {
  RELANCE_ASSIGN_OR_RETURN(InvoiceState invoice,
                           LockInvoice(session, invoice_id));
  {
    InteractionRecord entry =
        EntryOf(invoice,
                settlement.kind == SettlementKind::kPayment
                    ? InteractionKind::kPaymentReceived
                    : InteractionKind::kCreditNoteRecorded,
                settlement.recorded_by.empty() ? kSettlementActor
                                               : settlement.recorded_by,
                now);
    entry.amount = {settlement.currency, settlement.amount_minor};
    entry.day = settlement.date;
    // The payer's reference, as the entry's text.
    entry.body_text = settlement.reference;
    RELANCE_RETURN_IF_ERROR(Append(session, entry, now, nullptr));
  }

  std::vector<OpenPromiseRow> promises;
  {
    OpenPromiseRow row;
    SqlQuery query(session, Locked(session, kOpenPromisesOfInvoice));
    query.Use("invoice_id", invoice.id);
    row.BindTo(query);
    for (bool found = query.Execute(); found; found = query.Next()) {
      promises.push_back(row);
    }
  }
  for (const OpenPromiseRow& promise : promises) {
    if (!promise.KeptUnder(rules, invoice)) continue;
    RELANCE_RETURN_IF_ERROR(ClosePromise(session, invoice, promise,
                                         /*kept=*/true, kSettlementActor, now,
                                         nullptr));
  }

  long long plan_id = 0;
  {
    SqlQuery query(session, kActivePlanOfInvoice);
    query.Use("invoice_id", invoice.id).Into(plan_id);
    if (!query.Execute()) return absl::OkStatus();
  }
  RELANCE_ASSIGN_OR_RETURN(auto locked, LockActivePlan(session, plan_id));
  if (!locked.has_value()) return absl::OkStatus();
  auto& [plan, rows] = *locked;
  const PlanVerdict verdict =
      rules.JudgePlan(TermsOf(plan, rows), invoice.Sums(), std::nullopt);
  return ApplyPaid(session, invoice, plan, &rows, verdict, kSettlementActor,
                   now, nullptr)
      .status();
}

}  // namespace relance::storage
