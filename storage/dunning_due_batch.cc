// The due-batch writer: SqlDunningRepository::ProcessDueBatch reads the
// invoices whose next action has come, hands them to the planner, and writes
// its plans (row by row on SQLite, in arrays on PostgreSQL) with the events and
// hand-overs they decide, in one transaction per batch.
#include <soci/soci.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/database_options.h"
#include "storage/dunning_repository.h"  // ProcessDueBatch
#include "storage/dunning_sql.h"
#include "storage/interaction_repository.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/events.h"
#include "storage/interfaces/records.h"
#include "storage/repository_support.h"
#include "storage/sql_arrays.h"
#include "storage/sql_errors.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

// The invoices whose next action has come, after the cursor, in (next action,
// id) order, through the partial index invoices_by_next_action. Paid and
// cancelled invoices are candidates too: the engine cancels what they still
// have planned.
//
// PostgreSQL seeks the index to the cursor with the row comparison.
constexpr char kPostgresqlDueInvoices[] =
    " FROM invoices WHERE next_action_us IS NOT NULL AND "
    "(next_action_us, id) > (:after_next_action, :after_id) AND "
    "next_action_us <= :cutoff ORDER BY next_action_us, id LIMIT :limit";
// SQLite seeks only to the cursor's next action with a row comparison, then
// filters the ids: with many invoices at the same time (0, say) every batch
// would scan all those before it. The cursor's time and the times after it
// are read apart, each with a seek.
std::string SqliteDueInvoices(absl::string_view columns) {
  return absl::StrCat(
      "SELECT * FROM (SELECT * FROM (SELECT ", columns,
      " FROM invoices WHERE next_action_us IS NOT NULL AND "
      "next_action_us = :after_next_action AND id > :after_id AND "
      "next_action_us <= :cutoff ORDER BY id LIMIT :limit) UNION ALL "
      "SELECT * FROM (SELECT ",
      columns,
      " FROM invoices WHERE next_action_us IS NOT NULL AND "
      "next_action_us > :after_next_action AND next_action_us <= :cutoff "
      "ORDER BY next_action_us, id LIMIT :limit)) "
      "ORDER BY next_action_us, id LIMIT :limit");
}

// NULL when the engine has nothing left to do; the CAST types the parameter
// on PostgreSQL.
constexpr char kSetNextAction[] =
    "UPDATE invoices SET next_action_us = CASE WHEN :has_next_action = 1 "
    "THEN CAST(:next_action AS BIGINT) END WHERE id = :id";
// PostgreSQL writes a batch's plans with one statement each for the inserts,
// the updates and the next actions, over arrays of their values.
constexpr char kPostgresqlInsertReminders[] =
    "INSERT INTO reminders (invoice_id, client_id, policy_id, step_key, "
    "step_index, channels, template_key, actor, assignee, state, reason, "
    "scheduled_us, action_date, fee_minor, fee_currency, formal_notice, "
    "notice_deadline, hand_over, group_key, claim_owner, claim_until_us, "
    "origin, plan_id, instalment_number, step_rank, carried_out_us, version, "
    "create_time_us, update_time_us) SELECT invoice_id, client_id, policy_id, "
    "step_key, step_index, channels, template_key, actor, assignee, state, "
    "reason, scheduled_us, action_date, fee_minor, fee_currency, "
    "formal_notice, notice_deadline, hand_over, group_key, claim_owner, "
    "claim_until_us, origin, NULLIF(plan_id, 0), instalment_number, step_rank, "
    "carried_out_us, 1, :now, :now FROM unnest("
    "CAST(:invoice_ids AS bigint[]), CAST(:client_ids AS bigint[]), "
    "CAST(:policy_ids AS bigint[]), CAST(:step_keys AS text[]), "
    "CAST(:step_indexes AS bigint[]), CAST(:channels AS text[]), "
    "CAST(:template_keys AS text[]), CAST(:actors AS text[]), "
    "CAST(:assignees AS text[]), CAST(:states AS text[]), "
    "CAST(:reasons AS text[]), CAST(:scheduled AS bigint[]), "
    "CAST(:action_dates AS text[]), CAST(:fee_minors AS bigint[]), "
    "CAST(:fee_currencies AS text[]), CAST(:formal_notices AS bigint[]), "
    "CAST(:notice_deadlines AS text[]), CAST(:hand_overs AS bigint[]), "
    "CAST(:group_keys AS text[]), CAST(:claim_owners AS text[]), "
    "CAST(:claim_untils AS bigint[]), CAST(:origins AS text[]), "
    "CAST(:plan_ids AS bigint[]), CAST(:instalment_numbers AS bigint[]), "
    "CAST(:step_ranks AS bigint[]), CAST(:carried_outs AS bigint[])) "
    "AS batch (invoice_id, client_id, policy_id, step_key, step_index, "
    "channels, template_key, actor, assignee, state, reason, scheduled_us, "
    "action_date, fee_minor, fee_currency, formal_notice, notice_deadline, "
    "hand_over, group_key, claim_owner, claim_until_us, origin, plan_id, "
    "instalment_number, step_rank, carried_out_us) "
    "ON CONFLICT (invoice_id, policy_id, step_key) DO NOTHING "
    "RETURNING id, invoice_id, policy_id, step_key";
constexpr char kPostgresqlUpdateReminders[] =
    "UPDATE reminders AS r SET step_index = u.step_index, "
    "channels = u.channels, template_key = u.template_key, actor = u.actor, "
    "assignee = u.assignee, state = u.state, reason = u.reason, "
    "scheduled_us = u.scheduled_us, action_date = u.action_date, "
    "fee_minor = u.fee_minor, fee_currency = u.fee_currency, "
    "formal_notice = u.formal_notice, notice_deadline = u.notice_deadline, "
    "hand_over = u.hand_over, group_key = u.group_key, "
    "claim_owner = u.claim_owner, claim_until_us = u.claim_until_us, "
    "step_rank = u.step_rank, carried_out_us = u.carried_out_us, "
    "version = r.version + 1, update_time_us = :now FROM unnest("
    "CAST(:ids AS bigint[]), CAST(:invoice_ids AS bigint[]), "
    "CAST(:versions AS bigint[]), CAST(:step_indexes AS bigint[]), "
    "CAST(:channels AS text[]), CAST(:template_keys AS text[]), "
    "CAST(:actors AS text[]), CAST(:assignees AS text[]), "
    "CAST(:states AS text[]), CAST(:reasons AS text[]), "
    "CAST(:scheduled AS bigint[]), CAST(:action_dates AS text[]), "
    "CAST(:fee_minors AS bigint[]), CAST(:fee_currencies AS text[]), "
    "CAST(:formal_notices AS bigint[]), CAST(:notice_deadlines AS text[]), "
    "CAST(:hand_overs AS bigint[]), CAST(:group_keys AS text[]), "
    "CAST(:claim_owners AS text[]), CAST(:claim_untils AS bigint[]), "
    "CAST(:step_ranks AS bigint[]), CAST(:carried_outs AS bigint[])) AS u "
    "(id, invoice_id, version, step_index, channels, template_key, actor, "
    "assignee, state, reason, scheduled_us, action_date, fee_minor, "
    "fee_currency, formal_notice, notice_deadline, hand_over, group_key, "
    "claim_owner, claim_until_us, step_rank, carried_out_us) WHERE r.id = u.id "
    "AND "
    "r.invoice_id = u.invoice_id AND r.version = u.version RETURNING r.id";
constexpr char kPostgresqlSetNextActions[] =
    "UPDATE invoices AS i SET next_action_us = u.next_action FROM unnest("
    "CAST(:ids AS bigint[]), CAST(:next_actions AS bigint[])) AS u "
    "(id, next_action) WHERE i.id = u.id";

// The batch of ProcessDueBatch as read.
struct DueBatch {
  std::vector<DunningCandidate> candidates;
  std::optional<DunningCursor> cursor;
};

absl::StatusOr<DueBatch> ReadDueBatch(soci::session& session, Dialect dialect,
                                      bool lock, long long cutoff,
                                      long long after_next_action,
                                      long long after_id, long long limit) {
  DueBatch batch;
  {
    InvoiceRow row;
    long long next_action = 0;
    const std::string columns =
        absl::StrCat(kInvoiceColumns, ", next_action_us");
    SqlQuery query(
        session, dialect == Dialect::kSqlite
                     ? SqliteDueInvoices(columns)
                     : absl::StrCat("SELECT ", columns, kPostgresqlDueInvoices,
                                    lock ? kLockSkippingLocked : ""));
    query.Use("after_next_action", after_next_action)
        .Use("after_id", after_id)
        .Use("cutoff", cutoff)
        .Use("limit", limit)
        .IntoRow(row)
        .Into(next_action);
    for (bool found = query.Execute(); found; found = query.Next()) {
      DunningCandidate candidate;
      RELANCE_ASSIGN_OR_RETURN(candidate.invoice, row.ToRecord());
      batch.candidates.push_back(std::move(candidate));
      batch.cursor = DunningCursor{.next_action = TimeFromColumn(next_action),
                                   .invoice_id = row.id};
    }
  }
  if (batch.candidates.empty()) return batch;

  std::vector<long long> invoice_ids;
  std::vector<long long> client_ids;
  absl::flat_hash_map<long long, std::size_t> index_of_invoice;
  absl::flat_hash_set<long long> seen_clients;
  for (std::size_t i = 0; i < batch.candidates.size(); ++i) {
    const InvoiceRecord& invoice = batch.candidates[i].invoice;
    invoice_ids.push_back(invoice.id);
    index_of_invoice[invoice.id] = i;
    if (seen_clients.insert(invoice.client_id).second) {
      client_ids.push_back(invoice.client_id);
    }
  }
  const std::string invoice_list = IdList(invoice_ids);

  RELANCE_ASSIGN_OR_RETURN(std::vector<ClientRecord> clients,
                           ReadClients(session, IdList(client_ids)));
  absl::flat_hash_map<long long, const ClientRecord*> client_by_id;
  for (const ClientRecord& client : clients) client_by_id[client.id] = &client;
  for (DunningCandidate& candidate : batch.candidates) {
    auto client = client_by_id.find(candidate.invoice.client_id);
    if (client == client_by_id.end()) {
      return absl::InternalError(
          absl::StrCat("client ", candidate.invoice.client_id, " of invoice ",
                       candidate.invoice.id, " not found"));
    }
    candidate.client = *client->second;
  }

  RELANCE_ASSIGN_OR_RETURN(auto holds, ReadHolds(session, invoice_list));
  for (auto& [invoice_id, hold] : holds) {
    batch.candidates[index_of_invoice.at(invoice_id)].holds = hold;
  }

  SqlQuery query(session, absl::StrCat("SELECT ", kReminderColumns,
                                       kReminderFrom, " WHERE r.invoice_id IN ",
                                       invoice_list, " ORDER BY r.id"));
  RELANCE_ASSIGN_OR_RETURN(std::vector<ReminderRecord> reminders,
                           FetchAll<ReminderRow>(query));
  for (ReminderRecord& reminder : reminders) {
    batch.candidates[index_of_invoice.at(reminder.invoice_id)]
        .reminders.push_back(std::move(reminder));
  }
  return batch;
}

// INVALID_ARGUMENT for plans that stray outside the batch read, or hold days
// the schema cannot.
absl::Status CheckPlans(const std::vector<DunningCandidate>& candidates,
                        const std::vector<InvoicePlan>& plans) {
  absl::flat_hash_set<long long> batch_invoices;
  for (const DunningCandidate& candidate : candidates) {
    batch_invoices.insert(candidate.invoice.id);
  }
  for (const InvoicePlan& plan : plans) {
    if (!batch_invoices.contains(plan.invoice_id)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "plan for invoice ", plan.invoice_id, " outside the batch"));
    }
    for (const ReminderRecord& reminder : plan.inserts) {
      if (reminder.invoice_id != plan.invoice_id) {
        return absl::InvalidArgumentError(
            absl::StrCat("plan for invoice ", plan.invoice_id,
                         " inserts a reminder of ", reminder.invoice_id));
      }
      RELANCE_RETURN_IF_ERROR(ReminderValues::Check(reminder));
    }
    for (const ReminderRecord& reminder : plan.updates) {
      RELANCE_RETURN_IF_ERROR(ReminderValues::Check(reminder));
    }
  }
  return absl::OkStatus();
}

// (invoice, policy, step key): what identifies a reminder a plan inserts.
using StepKey = std::tuple<long long, long long, std::string>;

StepKey StepKeyOf(const ReminderRecord& reminder) {
  return {reminder.invoice_id, reminder.policy_id, reminder.step_key};
}

// The ids of the reminders a batch inserted due, by their step: their events
// and hand-overs name them.
using InsertedIds = absl::flat_hash_map<StepKey, long long>;

// SQLite: prepared statements run again for each row, in process.
absl::Status ApplyPlansRowByRow(soci::session& session,
                                const std::vector<InvoicePlan>& plans,
                                absl::Time now, InsertedIds* inserted_due) {
  bool any_insert = false;
  bool any_update = false;
  for (const InvoicePlan& plan : plans) {
    any_insert = any_insert || !plan.inserts.empty();
    any_update = any_update || !plan.updates.empty();
  }
  ReminderValues values;
  values.now = TimeToColumn(now);
  std::optional<SqlQuery> insert;
  if (any_insert) {
    insert.emplace(session, kInsertReminder, SqlQuery::Reuse::kRepeated);
    values.BindInsert(*insert);
  }
  // Reads the id of the row just inserted, for those inserted due.
  long long inserted_id = 0;
  std::optional<SqlQuery> find_inserted;
  if (any_insert) {
    find_inserted.emplace(session, kReminderIdByStep,
                          SqlQuery::Reuse::kRepeated);
    find_inserted->Use("invoice_id", values.invoice_id)
        .Use("policy_id", values.policy_id)
        .Use("step_key", values.step_key)
        .Into(inserted_id);
  }
  std::optional<SqlQuery> update;
  if (any_update) {
    update.emplace(session, kUpdateReminder, SqlQuery::Reuse::kRepeated);
    values.BindUpdate(*update);
  }
  long long invoice_id = 0;
  int has_next_action = 0;
  long long next_action = 0;
  SqlQuery set_next_action(session, kSetNextAction, SqlQuery::Reuse::kRepeated);
  set_next_action.Use("has_next_action", has_next_action)
      .Use("next_action", next_action)
      .Use("id", invoice_id);

  for (const InvoicePlan& plan : plans) {
    for (const ReminderRecord& reminder : plan.inserts) {
      values.Assign(reminder);
      RELANCE_RETURN_IF_ERROR(ExecuteInsert(*insert, reminder));
      if (reminder.state != ReminderState::kDue) continue;
      if (!find_inserted->Execute()) {
        return absl::InternalError(
            absl::StrCat("inserted reminder '", reminder.step_key,
                         "' of invoice ", reminder.invoice_id, " not found"));
      }
      inserted_due->emplace(StepKeyOf(reminder), inserted_id);
    }
    for (const ReminderRecord& reminder : plan.updates) {
      values.Assign(reminder);
      values.invoice_id = plan.invoice_id;
      update->Execute();
      if (update->affected_rows() != 1) {
        return ReminderChanged(reminder, plan.invoice_id);
      }
    }
    invoice_id = plan.invoice_id;
    has_next_action = plan.next_action.has_value() ? 1 : 0;
    next_action =
        plan.next_action.has_value() ? TimeToColumn(*plan.next_action) : 0;
    set_next_action.Execute();
  }
  return absl::OkStatus();
}

// The reminders a plan inserts or updates, as one array per column.
struct ReminderArrays {
  void Add(const ReminderRecord& reminder) {
    ids.Add(static_cast<long long>(reminder.id));
    invoice_ids.Add(static_cast<long long>(reminder.invoice_id));
    client_ids.Add(static_cast<long long>(reminder.client_id));
    policy_ids.Add(static_cast<long long>(reminder.policy_id));
    versions.Add(static_cast<long long>(reminder.version));
    step_keys.Add(reminder.step_key);
    step_indexes.Add(static_cast<long long>(reminder.step_index));
    channels.Add(ChannelsToColumn(reminder.channels));
    template_keys.Add(reminder.template_key);
    actors.Add(EnumToColumn(reminder.actor));
    assignees.Add(reminder.assignee);
    states.Add(EnumToColumn(reminder.state));
    reasons.Add(reminder.reason);
    scheduled.Add(TimeToColumn(reminder.scheduled_time));
    action_dates.Add(OptionalDayToColumn(reminder.action_date));
    fee_minors.Add(static_cast<long long>(reminder.fee_minor));
    fee_currencies.Add(reminder.fee_currency);
    formal_notices.Add(reminder.formal_notice ? 1LL : 0LL);
    notice_deadlines.Add(OptionalDayToColumn(reminder.notice_deadline));
    hand_overs.Add(reminder.hand_over ? 1LL : 0LL);
    group_keys.Add(reminder.group_key);
    claim_owners.Add(reminder.claim_owner);
    claim_untils.Add(TimeToColumn(reminder.claim_until));
    origins.Add(EnumToColumn(reminder.origin));
    plan_ids.Add(static_cast<long long>(reminder.plan_id.value_or(0)));
    instalment_numbers.Add(static_cast<long long>(reminder.instalment_number));
    step_ranks.Add(static_cast<long long>(reminder.rank));
    carried_outs.Add(reminder.carried_out_time.has_value()
                         ? TimeToColumn(*reminder.carried_out_time)
                         : 0LL);
  }

  ArrayLiteral ids, invoice_ids, client_ids, policy_ids, versions, step_keys,
      step_indexes, channels, template_keys, actors, assignees, states, reasons,
      scheduled, action_dates, fee_minors, fee_currencies, formal_notices,
      notice_deadlines, hand_overs, group_keys, claim_owners, claim_untils,
      origins, plan_ids, instalment_numbers, step_ranks, carried_outs;
};

// The finished literals of ReminderArrays, alive while a statement binds them.
struct ReminderLiterals {
  explicit ReminderLiterals(ReminderArrays& arrays)
      : ids(arrays.ids.Finish()),
        invoice_ids(arrays.invoice_ids.Finish()),
        client_ids(arrays.client_ids.Finish()),
        policy_ids(arrays.policy_ids.Finish()),
        versions(arrays.versions.Finish()),
        step_keys(arrays.step_keys.Finish()),
        step_indexes(arrays.step_indexes.Finish()),
        channels(arrays.channels.Finish()),
        template_keys(arrays.template_keys.Finish()),
        actors(arrays.actors.Finish()),
        assignees(arrays.assignees.Finish()),
        states(arrays.states.Finish()),
        reasons(arrays.reasons.Finish()),
        scheduled(arrays.scheduled.Finish()),
        action_dates(arrays.action_dates.Finish()),
        fee_minors(arrays.fee_minors.Finish()),
        fee_currencies(arrays.fee_currencies.Finish()),
        formal_notices(arrays.formal_notices.Finish()),
        notice_deadlines(arrays.notice_deadlines.Finish()),
        hand_overs(arrays.hand_overs.Finish()),
        group_keys(arrays.group_keys.Finish()),
        claim_owners(arrays.claim_owners.Finish()),
        claim_untils(arrays.claim_untils.Finish()),
        origins(arrays.origins.Finish()),
        plan_ids(arrays.plan_ids.Finish()),
        instalment_numbers(arrays.instalment_numbers.Finish()),
        step_ranks(arrays.step_ranks.Finish()),
        carried_outs(arrays.carried_outs.Finish()) {}

  // Binds the columns both statements write.
  void BindContent(SqlQuery& query) const {
    query.Use("invoice_ids", invoice_ids)
        .Use("step_indexes", step_indexes)
        .Use("channels", channels)
        .Use("template_keys", template_keys)
        .Use("actors", actors)
        .Use("assignees", assignees)
        .Use("states", states)
        .Use("reasons", reasons)
        .Use("scheduled", scheduled)
        .Use("action_dates", action_dates)
        .Use("fee_minors", fee_minors)
        .Use("fee_currencies", fee_currencies)
        .Use("formal_notices", formal_notices)
        .Use("notice_deadlines", notice_deadlines)
        .Use("hand_overs", hand_overs)
        .Use("group_keys", group_keys)
        .Use("claim_owners", claim_owners)
        .Use("claim_untils", claim_untils)
        .Use("step_ranks", step_ranks)
        .Use("carried_outs", carried_outs);
  }

  const std::string ids, invoice_ids, client_ids, policy_ids, versions,
      step_keys, step_indexes, channels, template_keys, actors, assignees,
      states, reasons, scheduled, action_dates, fee_minors, fee_currencies,
      formal_notices, notice_deadlines, hand_overs, group_keys, claim_owners,
      claim_untils, origins, plan_ids, instalment_numbers, step_ranks,
      carried_outs;
};

// PostgreSQL: one statement for all the inserts, one for all the updates and
// one for all the next actions, saving a round trip per row.
absl::Status ApplyPlansInBulk(soci::session& session,
                              const std::vector<InvoicePlan>& plans,
                              absl::Time now, InsertedIds* inserted_due) {
  const long long now_column = TimeToColumn(now);
  ReminderArrays inserts;
  ReminderArrays updates;
  ArrayLiteral invoice_ids;
  ArrayLiteral next_actions;
  std::size_t insert_count = 0;
  std::size_t update_count = 0;
  for (const InvoicePlan& plan : plans) {
    for (const ReminderRecord& reminder : plan.inserts) {
      inserts.Add(reminder);
      ++insert_count;
    }
    for (ReminderRecord reminder : plan.updates) {
      reminder.invoice_id = plan.invoice_id;
      updates.Add(reminder);
      ++update_count;
    }
    invoice_ids.Add(static_cast<long long>(plan.invoice_id));
    if (plan.next_action.has_value()) {
      next_actions.Add(TimeToColumn(*plan.next_action));
    } else {
      next_actions.AddNull();
    }
  }

  if (insert_count > 0) {
    const ReminderLiterals values(inserts);
    // The rows inserted, by their step.
    InsertedIds inserted;
    long long id = 0;
    long long invoice_id = 0;
    long long policy_id = 0;
    std::string step_key;
    SqlQuery insert(session, kPostgresqlInsertReminders);
    insert.Use("now", now_column)
        .Use("client_ids", values.client_ids)
        .Use("policy_ids", values.policy_ids)
        .Use("step_keys", values.step_keys)
        .Use("origins", values.origins)
        .Use("plan_ids", values.plan_ids)
        .Use("instalment_numbers", values.instalment_numbers);
    values.BindContent(insert);
    insert.Into(id).Into(invoice_id).Into(policy_id).Into(step_key);
    for (bool found = insert.Execute(); found; found = insert.Next()) {
      inserted.emplace(StepKey{invoice_id, policy_id, step_key}, id);
    }
    if (inserted.size() != insert_count) {
      for (const InvoicePlan& plan : plans) {
        for (const ReminderRecord& reminder : plan.inserts) {
          if (!inserted.contains(StepKeyOf(reminder))) {
            return ReminderExists(reminder);
          }
        }
      }
      return absl::AbortedError("a reminder was planned twice");
    }
    for (const InvoicePlan& plan : plans) {
      for (const ReminderRecord& reminder : plan.inserts) {
        if (reminder.state != ReminderState::kDue) continue;
        const StepKey key = StepKeyOf(reminder);
        inserted_due->emplace(key, inserted.at(key));
      }
    }
  }
  if (update_count > 0) {
    const ReminderLiterals values(updates);
    absl::flat_hash_set<long long> updated;
    long long id = 0;
    SqlQuery update(session, kPostgresqlUpdateReminders);
    update.Use("now", now_column)
        .Use("ids", values.ids)
        .Use("versions", values.versions);
    values.BindContent(update);
    update.Into(id);
    for (bool found = update.Execute(); found; found = update.Next()) {
      updated.insert(id);
    }
    if (updated.size() != update_count) {
      for (const InvoicePlan& plan : plans) {
        for (const ReminderRecord& reminder : plan.updates) {
          if (!updated.contains(reminder.id)) {
            return ReminderChanged(reminder, plan.invoice_id);
          }
        }
      }
      return absl::AbortedError("a reminder was updated twice");
    }
  }
  if (!plans.empty()) {
    const std::string ids = invoice_ids.Finish();
    const std::string times = next_actions.Finish();
    SqlQuery set_next_actions(session, kPostgresqlSetNextActions);
    set_next_actions.Use("ids", ids).Use("next_actions", times);
    set_next_actions.Execute();
  }
  return absl::OkStatus();
}

// Writes, for each reminder `plans` made due, its event (reminder_due,
// task_assigned) and, if it hands its invoice over to collection, the
// hand-over on the invoice's timeline: the timeline and the events learn of it
// with the write that decides it. `inserted_due` names the reminders the plans
// inserted due.
absl::Status AnnounceDue(soci::session& session,
                         const std::vector<DunningCandidate>& candidates,
                         const std::vector<InvoicePlan>& plans,
                         const InsertedIds& inserted_due, absl::Time now) {
  absl::flat_hash_map<long long, ReminderState> stored_state;
  absl::flat_hash_map<long long, const InvoiceRecord*> invoice_by_id;
  for (const DunningCandidate& candidate : candidates) {
    invoice_by_id[candidate.invoice.id] = &candidate.invoice;
    for (const ReminderRecord& reminder : candidate.reminders) {
      stored_state[reminder.id] = reminder.state;
    }
  }
  for (const InvoicePlan& plan : plans) {
    const InvoiceRecord& invoice = *invoice_by_id.at(plan.invoice_id);
    for (const PlanEvent& told : plan.events) {
      EventRecord event;
      event.kind = told.kind;
      event.client_id = invoice.client_id;
      event.invoice_id = plan.invoice_id;
      event.occurred_time = now;
      event.actor = std::string(kEngineActor);
      event.detail = told.detail;
      event.day = told.day;
      RELANCE_RETURN_IF_ERROR(AppendEventIn(session, event).status());
    }
    if (plan.limitation_warning.has_value()) {
      InteractionRecord entry;
      entry.client_id = invoice.client_id;
      entry.invoice_id = plan.invoice_id;
      entry.kind = InteractionKind::kLimitationWarning;
      entry.actor = std::string(kEngineActor);
      entry.occurred_time = now;
      entry.day = plan.limitation_warning->limitation_end;
      entry.summary = plan.limitation_warning->summary;
      RELANCE_RETURN_IF_ERROR(
          AppendInteractionIn(session, entry, now).status());
    }
    // Each reminder made due, with its state before (none when inserted).
    std::vector<std::pair<ReminderRecord, std::optional<ReminderState>>> due;
    for (const ReminderRecord& reminder : plan.inserts) {
      if (reminder.state != ReminderState::kDue) continue;
      due.emplace_back(reminder, std::nullopt);
      due.back().first.id = inserted_due.at(StepKeyOf(reminder));
    }
    for (const ReminderRecord& reminder : plan.updates) {
      if (reminder.state != ReminderState::kDue) continue;
      auto stored = stored_state.find(reminder.id);
      if (stored != stored_state.end() &&
          stored->second == ReminderState::kDue) {
        continue;
      }
      due.emplace_back(reminder, stored == stored_state.end()
                                     ? std::nullopt
                                     : std::optional(stored->second));
    }
    for (auto& [reminder, before] : due) {
      reminder.invoice_id = plan.invoice_id;
      reminder.client_id = invoice.client_id;
      const std::optional<EventRecord> event = ReminderEventOf(
          reminder, before,
          CurrencyAmount{invoice.currency, invoice.outstanding_minor()},
          kEngineActor, now);
      if (event.has_value()) {
        RELANCE_RETURN_IF_ERROR(AppendEventIn(session, *event).status());
      }
      if (!reminder.hand_over) continue;
      InteractionRecord entry;
      entry.client_id = invoice.client_id;
      entry.invoice_id = plan.invoice_id;
      entry.kind = InteractionKind::kHandOver;
      entry.actor = std::string(kEngineActor);
      entry.occurred_time = now;
      entry.reminder_ids = {reminder.id};
      entry.reminder_invoice_ids = {plan.invoice_id};
      RELANCE_RETURN_IF_ERROR(
          AppendInteractionIn(session, entry, now).status());
    }
  }
  return absl::OkStatus();
}

// Writes `plans`, whose invoices are those of `candidates`.
absl::Status ApplyPlans(soci::session& session, Dialect dialect,
                        const std::vector<DunningCandidate>& candidates,
                        const std::vector<InvoicePlan>& plans, absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckPlans(candidates, plans));
  InsertedIds inserted_due;
  if (dialect == Dialect::kPostgresql) {
    RELANCE_RETURN_IF_ERROR(
        ApplyPlansInBulk(session, plans, now, &inserted_due));
  } else {
    RELANCE_RETURN_IF_ERROR(
        ApplyPlansRowByRow(session, plans, now, &inserted_due));
  }
  return AnnounceDue(session, candidates, plans, inserted_due, now);
}

}  // namespace

absl::StatusOr<std::optional<DunningCursor>>
SqlDunningRepository::ProcessDueBatch(absl::Time cutoff,
                                      const DunningCursor& after, int limit,
                                      bool dry_run, const DunningPlanner& plan,
                                      absl::Time now) {
  if (limit < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch limit must be at least 1, not ", limit));
  }
  const long long cutoff_column = TimeToColumn(cutoff);
  const long long after_next_action = TimeToColumn(after.next_action);
  const long long after_id = after.invoice_id;
  const long long limit_column = limit;
  const Dialect dialect = runner_->dialect();
  const bool lock = !dry_run && dialect == Dialect::kPostgresql;
  auto work = [&](soci::session& session)
      -> absl::StatusOr<std::optional<DunningCursor>> {
    RELANCE_ASSIGN_OR_RETURN(
        DueBatch batch,
        ReadDueBatch(session, dialect, lock, cutoff_column, after_next_action,
                     after_id, limit_column));
    if (batch.candidates.empty()) return std::nullopt;
    RELANCE_ASSIGN_OR_RETURN(std::vector<InvoicePlan> plans,
                             plan(batch.candidates));
    if (!dry_run) {
      RELANCE_RETURN_IF_ERROR(
          ApplyPlans(session, dialect, batch.candidates, plans, now));
    }
    return batch.cursor;
  };
  // A dry run reads without a transaction: no lock is held, nothing written.
  if (dry_run) return runner_->Read(work);
  return runner_->Write(work);
}

}  // namespace relance::storage
