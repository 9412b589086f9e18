#include "storage/dunning_repository.h"

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
#include "storage/database.h"
#include "storage/dunning_records.h"
#include "storage/events.h"
#include "storage/interaction_repository.h"
#include "storage/records.h"
#include "storage/repository_support.h"
#include "storage/sql_arrays.h"
#include "storage/sql_errors.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"
#include "storage/status_macros.h"

namespace relance::storage {
namespace {

// A reminder with its invoice's number and outstanding amount: every query
// selecting these columns reads FROM kReminderFrom.
constexpr char kReminderColumns[] =
    "r.id, r.invoice_id, i.number, i.currency, "
    "i.total_minor - i.paid_minor - i.credited_minor, r.client_id, "
    "r.policy_id, r.step_key, r.step_index, r.channels, r.template_key, "
    "r.actor, r.assignee, r.state, r.reason, r.scheduled_us, r.action_date, "
    "r.fee_minor, r.fee_currency, r.formal_notice, r.notice_deadline, "
    "r.hand_over, r.group_key, r.claim_owner, r.claim_until_us, r.version, "
    "r.create_time_us, r.update_time_us, r.origin, COALESCE(r.plan_id, 0), "
    "r.instalment_number, r.step_rank, r.carried_out_us";
constexpr char kReminderFrom[] =
    " FROM reminders r JOIN invoices i ON i.id = r.invoice_id";

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
// Rows another run holds are left to it.
constexpr char kLockSkippingLocked[] = " FOR UPDATE SKIP LOCKED";
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
constexpr char kLock[] = " FOR UPDATE";

constexpr char kInsertReminder[] =
    "INSERT INTO reminders (invoice_id, client_id, policy_id, step_key, "
    "step_index, channels, template_key, actor, assignee, state, reason, "
    "scheduled_us, action_date, fee_minor, fee_currency, formal_notice, "
    "notice_deadline, hand_over, group_key, claim_owner, claim_until_us, "
    "origin, plan_id, instalment_number, step_rank, carried_out_us, version, "
    "create_time_us, update_time_us) VALUES (:invoice_id, :client_id, "
    ":policy_id, :step_key, :step_index, :channels, :template_key, :actor, "
    ":assignee, :state, :reason, :scheduled_us, :action_date, :fee_minor, "
    ":fee_currency, :formal_notice, :notice_deadline, :hand_over, :group_key, "
    ":claim_owner, :claim_until_us, :origin, NULLIF(:plan_id, 0), "
    ":instalment_number, :step_rank, :carried_out_us, 1, :now, :now)";
// Rewrites a reminder but for what identifies it (invoice, client, policy,
// step key, and the origin, plan and instalment it was made for) and its
// create time, if it is still at `version`.
constexpr char kUpdateReminder[] =
    "UPDATE reminders SET step_index = :step_index, channels = :channels, "
    "template_key = :template_key, actor = :actor, assignee = :assignee, "
    "state = :state, reason = :reason, scheduled_us = :scheduled_us, "
    "action_date = :action_date, fee_minor = :fee_minor, "
    "fee_currency = :fee_currency, formal_notice = :formal_notice, "
    "notice_deadline = :notice_deadline, hand_over = :hand_over, "
    "group_key = :group_key, claim_owner = :claim_owner, "
    "claim_until_us = :claim_until_us, step_rank = :step_rank, "
    "carried_out_us = :carried_out_us, version = version + 1, "
    "update_time_us = :now WHERE id = :id AND invoice_id = :invoice_id AND "
    "version = :version";
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

constexpr char kMarkInvoice[] =
    "UPDATE invoices SET next_action_us = 0 WHERE id = :id";

constexpr char kInvoiceOfReminder[] =
    "SELECT invoice_id FROM reminders WHERE id = :id";
// The first lower-ranked ladder step of an invoice still due or being sent.
constexpr char kEarlierStepPending[] =
    "SELECT id FROM reminders WHERE invoice_id = :invoice_id AND "
    "origin = 'ladder' AND step_rank < :step_rank AND "
    "state IN ('due', 'sending') ORDER BY step_rank, id LIMIT 1";
// What the debtor already received of an invoice's ladder, under any policy.
constexpr char kLadderCarriedOut[] =
    "SELECT COALESCE(MAX(step_rank), 0), COALESCE(MAX(carried_out_us), 0) "
    "FROM reminders WHERE invoice_id = :invoice_id AND origin = 'ladder' AND "
    "id <> :id AND state IN ('sent', 'done')";

constexpr char kReminderIdByStep[] =
    "SELECT id FROM reminders WHERE invoice_id = :invoice_id AND "
    "policy_id = :policy_id AND step_key = :step_key";

constexpr char kReminderNoun[] = "reminder";

// The actor of the entries the engine's runs write.
constexpr absl::string_view kEngineActor = "relanced";

struct ReminderRow {
  using Record = ReminderRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(invoice_id));
    statement.exchange(soci::into(invoice_number));
    statement.exchange(soci::into(invoice_currency));
    statement.exchange(soci::into(invoice_outstanding_minor));
    statement.exchange(soci::into(client_id));
    statement.exchange(soci::into(policy_id));
    statement.exchange(soci::into(step_key));
    statement.exchange(soci::into(step_index));
    statement.exchange(soci::into(channels));
    statement.exchange(soci::into(template_key));
    statement.exchange(soci::into(actor));
    statement.exchange(soci::into(assignee));
    statement.exchange(soci::into(state));
    statement.exchange(soci::into(reason));
    statement.exchange(soci::into(scheduled_us));
    statement.exchange(soci::into(action_date));
    statement.exchange(soci::into(fee_minor));
    statement.exchange(soci::into(fee_currency));
    statement.exchange(soci::into(formal_notice));
    statement.exchange(soci::into(notice_deadline));
    statement.exchange(soci::into(hand_over));
    statement.exchange(soci::into(group_key));
    statement.exchange(soci::into(claim_owner));
    statement.exchange(soci::into(claim_until_us));
    statement.exchange(soci::into(version));
    statement.exchange(soci::into(create_time_us));
    statement.exchange(soci::into(update_time_us));
    statement.exchange(soci::into(origin));
    statement.exchange(soci::into(plan_id));
    statement.exchange(soci::into(instalment_number));
    statement.exchange(soci::into(step_rank));
    statement.exchange(soci::into(carried_out_us));
  }

  absl::StatusOr<ReminderRecord> ToRecord() const {
    ReminderRecord record;
    record.id = id;
    record.invoice_id = invoice_id;
    record.invoice_number = invoice_number;
    record.invoice_outstanding = CurrencyAmount{
        .currency = invoice_currency, .minor = invoice_outstanding_minor};
    record.client_id = client_id;
    record.policy_id = policy_id;
    record.step_key = step_key;
    record.step_index = step_index;
    RELANCE_ASSIGN_OR_RETURN(record.channels, ChannelsFromColumn(channels));
    record.template_key = template_key;
    RELANCE_ASSIGN_OR_RETURN(record.actor, ActorFromColumn(actor));
    record.assignee = assignee;
    RELANCE_ASSIGN_OR_RETURN(record.state, ReminderStateFromColumn(state));
    record.reason = reason;
    record.scheduled_time = TimeFromColumn(scheduled_us);
    RELANCE_ASSIGN_OR_RETURN(record.action_date,
                             OptionalDayFromColumn(action_date));
    record.fee_minor = fee_minor;
    record.fee_currency = fee_currency;
    record.formal_notice = formal_notice != 0;
    RELANCE_ASSIGN_OR_RETURN(record.notice_deadline,
                             OptionalDayFromColumn(notice_deadline));
    record.hand_over = hand_over != 0;
    record.group_key = group_key;
    record.claim_owner = claim_owner;
    record.claim_until = TimeFromColumn(claim_until_us);
    record.version = version;
    record.create_time = TimeFromColumn(create_time_us);
    record.update_time = TimeFromColumn(update_time_us);
    RELANCE_ASSIGN_OR_RETURN(record.origin, ReminderOriginFromColumn(origin));
    if (plan_id != 0) record.plan_id = plan_id;
    record.instalment_number = instalment_number;
    record.rank = step_rank;
    if (carried_out_us != 0) {
      record.carried_out_time = TimeFromColumn(carried_out_us);
    }
    return record;
  }

  long long id = 0;
  long long invoice_id = 0;
  std::string invoice_number;
  std::string invoice_currency;
  long long invoice_outstanding_minor = 0;
  long long client_id = 0;
  long long policy_id = 0;
  std::string step_key;
  int step_index = 0;
  std::string channels;
  std::string template_key;
  std::string actor;
  std::string assignee;
  std::string state;
  std::string reason;
  long long scheduled_us = 0;
  std::string action_date;
  long long fee_minor = 0;
  std::string fee_currency;
  int formal_notice = 0;
  std::string notice_deadline;
  int hand_over = 0;
  std::string group_key;
  std::string claim_owner;
  long long claim_until_us = 0;
  long long version = 0;
  long long create_time_us = 0;
  long long update_time_us = 0;
  std::string origin;
  long long plan_id = 0;
  int instalment_number = 0;
  int step_rank = 0;
  long long carried_out_us = 0;
};

// Buffers for the reminder columns that inserts and updates write, bound by
// name once and refilled for each row.
struct ReminderValues {
  // INVALID_ARGUMENT for days the schema cannot hold.
  static absl::Status Check(const ReminderRecord& reminder) {
    RELANCE_RETURN_IF_ERROR(
        CheckStorableDay(reminder.action_date, "action_date"));
    return CheckStorableDay(reminder.notice_deadline, "notice_deadline");
  }

  void Assign(const ReminderRecord& reminder) {
    id = reminder.id;
    invoice_id = reminder.invoice_id;
    client_id = reminder.client_id;
    policy_id = reminder.policy_id;
    step_key = reminder.step_key;
    step_index = reminder.step_index;
    channels = ChannelsToColumn(reminder.channels);
    template_key = reminder.template_key;
    actor = std::string(EnumToColumn(reminder.actor));
    assignee = reminder.assignee;
    state = std::string(EnumToColumn(reminder.state));
    reason = reminder.reason;
    scheduled_us = TimeToColumn(reminder.scheduled_time);
    action_date = OptionalDayToColumn(reminder.action_date);
    fee_minor = reminder.fee_minor;
    fee_currency = reminder.fee_currency;
    formal_notice = reminder.formal_notice ? 1 : 0;
    notice_deadline = OptionalDayToColumn(reminder.notice_deadline);
    hand_over = reminder.hand_over ? 1 : 0;
    group_key = reminder.group_key;
    claim_owner = reminder.claim_owner;
    claim_until_us = TimeToColumn(reminder.claim_until);
    origin = std::string(EnumToColumn(reminder.origin));
    plan_id = reminder.plan_id.value_or(0);
    instalment_number = reminder.instalment_number;
    step_rank = reminder.rank;
    carried_out_us = reminder.carried_out_time.has_value()
                         ? TimeToColumn(*reminder.carried_out_time)
                         : 0;
    version = reminder.version;
  }

  // Binds what both statements write.
  void BindContent(SqlQuery& query) const {
    query.Use("step_index", step_index)
        .Use("channels", channels)
        .Use("template_key", template_key)
        .Use("actor", actor)
        .Use("assignee", assignee)
        .Use("state", state)
        .Use("reason", reason)
        .Use("scheduled_us", scheduled_us)
        .Use("action_date", action_date)
        .Use("fee_minor", fee_minor)
        .Use("fee_currency", fee_currency)
        .Use("formal_notice", formal_notice)
        .Use("notice_deadline", notice_deadline)
        .Use("hand_over", hand_over)
        .Use("group_key", group_key)
        .Use("claim_owner", claim_owner)
        .Use("claim_until_us", claim_until_us)
        .Use("step_rank", step_rank)
        .Use("carried_out_us", carried_out_us)
        .Use("now", now);
  }
  void BindInsert(SqlQuery& query) const {
    query.Use("invoice_id", invoice_id)
        .Use("client_id", client_id)
        .Use("policy_id", policy_id)
        .Use("step_key", step_key)
        .Use("origin", origin)
        .Use("plan_id", plan_id)
        .Use("instalment_number", instalment_number);
    BindContent(query);
  }
  void BindUpdate(SqlQuery& query) const {
    BindContent(query);
    query.Use("id", id).Use("invoice_id", invoice_id).Use("version", version);
  }

  long long now = 0;
  long long id = 0;
  long long invoice_id = 0;
  long long client_id = 0;
  long long policy_id = 0;
  std::string step_key;
  int step_index = 0;
  std::string channels;
  std::string template_key;
  std::string actor;
  std::string assignee;
  std::string state;
  std::string reason;
  long long scheduled_us = 0;
  std::string action_date;
  long long fee_minor = 0;
  std::string fee_currency;
  int formal_notice = 0;
  std::string notice_deadline;
  int hand_over = 0;
  std::string group_key;
  std::string claim_owner;
  long long claim_until_us = 0;
  std::string origin;
  long long plan_id = 0;
  int instalment_number = 0;
  int step_rank = 0;
  long long carried_out_us = 0;
  long long version = 0;
};

// "(1,2,3)": ids this process read from the database, safe to inline.
std::string IdList(const std::vector<long long>& ids) {
  return absl::StrCat("(", absl::StrJoin(ids, ","), ")");
}

// The holds of the invoices `ids` (unique, not empty), from their open
// disputes and promises and their active payment plan.
absl::StatusOr<absl::flat_hash_map<long long, DunningHolds>> ReadHolds(
    soci::session& session, const std::string& id_list) {
  absl::flat_hash_map<long long, DunningHolds> holds;
  {
    // An open dispute without a deadline holds the invoice until resolved.
    absl::flat_hash_set<long long> without_deadline;
    long long invoice_id = 0;
    std::string deadline;
    SqlQuery query(session,
                   absl::StrCat("SELECT invoice_id, deadline FROM disputes "
                                "WHERE state = 'open' AND invoice_id IN ",
                                id_list));
    query.Into(invoice_id).Into(deadline);
    for (bool found = query.Execute(); found; found = query.Next()) {
      DunningHolds& hold = holds[invoice_id];
      hold.dispute_open = true;
      RELANCE_ASSIGN_OR_RETURN(std::optional<absl::CivilDay> day,
                               OptionalDayFromColumn(deadline));
      if (!day.has_value()) {
        without_deadline.insert(invoice_id);
      } else if (!hold.dispute_deadline.has_value() ||
                 *hold.dispute_deadline < *day) {
        hold.dispute_deadline = day;
      }
    }
    for (long long id : without_deadline) holds[id].dispute_deadline.reset();
  }
  {
    long long invoice_id = 0;
    long long plan_id = 0;
    SqlQuery query(session,
                   absl::StrCat("SELECT invoice_id, id FROM payment_plans "
                                "WHERE state = 'active' AND invoice_id IN ",
                                id_list));
    query.Into(invoice_id).Into(plan_id);
    for (bool found = query.Execute(); found; found = query.Next()) {
      holds[invoice_id].active_plan_id = plan_id;
    }
  }
  {
    long long invoice_id = 0;
    std::string latest;
    SqlQuery query(session,
                   absl::StrCat("SELECT invoice_id, MAX(settle_date) FROM "
                                "settlements WHERE kind = 'payment' AND "
                                "invoice_id IN ",
                                id_list, " GROUP BY invoice_id"));
    query.Into(invoice_id).Into(latest);
    for (bool found = query.Execute(); found; found = query.Next()) {
      RELANCE_ASSIGN_OR_RETURN(holds[invoice_id].latest_payment_date,
                               OptionalDayFromColumn(latest));
    }
  }
  {
    // The registered letters posted with the invoices' reminders.
    long long invoice_id = 0;
    long long reminder_id = 0;
    std::string acknowledgement;
    std::string presented_on;
    SqlQuery query(
        session,
        absl::StrCat("SELECT ir.invoice_id, ir.reminder_id, "
                     "rl.acknowledgement, rl.presented_on FROM "
                     "registered_letters rl JOIN interaction_reminders ir ON "
                     "ir.interaction_id = rl.interaction_id WHERE "
                     "ir.invoice_id IN ",
                     id_list, " ORDER BY rl.interaction_id, ir.reminder_id"));
    query.Into(invoice_id)
        .Into(reminder_id)
        .Into(acknowledgement)
        .Into(presented_on);
    for (bool found = query.Execute(); found; found = query.Next()) {
      LetterPresentation letter;
      letter.reminder_id = reminder_id;
      RELANCE_ASSIGN_OR_RETURN(letter.presented_on,
                               OptionalDayFromColumn(presented_on));
      letter.returned = acknowledgement == "returned";
      holds[invoice_id].letters.push_back(std::move(letter));
    }
  }
  {
    // The limitation dates already warned of.
    long long invoice_id = 0;
    std::string day;
    SqlQuery query(session,
                   absl::StrCat("SELECT invoice_id, day FROM interactions "
                                "WHERE kind = 'limitation_warning' AND "
                                "invoice_id IN ",
                                id_list));
    query.Into(invoice_id).Into(day);
    for (bool found = query.Execute(); found; found = query.Next()) {
      RELANCE_ASSIGN_OR_RETURN(std::optional<absl::CivilDay> end,
                               OptionalDayFromColumn(day));
      if (end.has_value())
        holds[invoice_id].limitation_warnings.push_back(*end);
    }
  }
  long long invoice_id = 0;
  std::string promised_date;
  int grace_days = 0;
  SqlQuery query(session,
                 absl::StrCat("SELECT invoice_id, promised_date, grace_days "
                              "FROM promises WHERE state = 'open' AND "
                              "invoice_id IN ",
                              id_list));
  query.Into(invoice_id).Into(promised_date).Into(grace_days);
  for (bool found = query.Execute(); found; found = query.Next()) {
    RELANCE_ASSIGN_OR_RETURN(absl::CivilDay day, DayFromColumn(promised_date));
    const absl::CivilDay until = day + grace_days;
    DunningHolds& hold = holds[invoice_id];
    if (!hold.promised_until.has_value() || *hold.promised_until < until) {
      hold.promised_until = until;
    }
  }
  return holds;
}

absl::StatusOr<std::vector<ClientRecord>> ReadClients(
    soci::session& session, const std::string& id_list) {
  SqlQuery query(session, absl::StrCat("SELECT ", kClientColumns,
                                       " FROM clients WHERE id IN ", id_list));
  return FetchAll<ClientRow>(query);
}

absl::StatusOr<std::optional<ReminderRecord>> FindReminder(
    soci::session& session, long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kReminderColumns,
                                       kReminderFrom, " WHERE r.id = :id"));
  query.Use("id", id);
  return FetchOne<ReminderRow>(query);
}

absl::StatusOr<ReminderRecord> GetReminderIn(soci::session& session,
                                             long long id) {
  RELANCE_ASSIGN_OR_RETURN(std::optional<ReminderRecord> reminder,
                           FindReminder(session, id));
  if (!reminder.has_value()) return NotFound(kReminderNoun, id);
  return *std::move(reminder);
}

// ABORTED: `reminder`, planned as new, already exists.
absl::Status ReminderExists(const ReminderRecord& reminder) {
  return absl::AbortedError(absl::StrCat(
      "reminder for step '", reminder.step_key, "' of invoice ",
      reminder.invoice_id, " already exists (planned concurrently)"));
}

// ABORTED: `reminder`, planned as an update, has changed since it was read.
absl::Status ReminderChanged(const ReminderRecord& reminder,
                             std::int64_t invoice_id) {
  return absl::AbortedError(
      absl::StrCat("reminder ", reminder.id, " of invoice ", invoice_id,
                   " is no longer at version ", reminder.version));
}

// Runs `insert`, turning a unique violation into ABORTED; other errors are
// thrown on.
absl::Status ExecuteInsert(SqlQuery& insert, const ReminderRecord& reminder) {
  try {
    insert.Execute();
  } catch (const std::exception& exception) {
    if (ClassifySqlError(exception).kind != SqlErrorKind::kUniqueViolation) {
      throw;
    }
    return ReminderExists(reminder);
  }
  return absl::OkStatus();
}

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

// "step relance-2 by email, letter": what a reminder's events say of it.
std::string StepDetail(const ReminderRecord& reminder) {
  std::vector<absl::string_view> channels;
  for (Channel channel : reminder.channels) {
    channels.push_back(EnumToColumn(channel));
  }
  if (channels.empty()) return absl::StrCat("step ", reminder.step_key);
  return absl::StrCat("step ", reminder.step_key, " by ",
                      absl::StrJoin(channels, ", "));
}

absl::Status WriteEvent(soci::session& session,
                        const std::optional<EventRecord>& event) {
  if (!event.has_value()) return absl::OkStatus();
  return AppendEventIn(session, *event).status();
}

}  // namespace

absl::StatusOr<ReminderRecord> ReadReminderIn(soci::session& session,
                                              std::int64_t id) {
  return GetReminderIn(session, id);
}

absl::StatusOr<std::int64_t> InsertReminderIn(soci::session& session,
                                              const ReminderRecord& reminder,
                                              absl::Time now) {
  RELANCE_RETURN_IF_ERROR(ReminderValues::Check(reminder));
  ReminderValues values;
  values.now = TimeToColumn(now);
  values.Assign(reminder);
  {
    SqlQuery insert(session, kInsertReminder);
    values.BindInsert(insert);
    RELANCE_RETURN_IF_ERROR(ExecuteInsert(insert, reminder));
  }
  long long id = 0;
  SqlQuery query(session, kReminderIdByStep);
  query.Use("invoice_id", values.invoice_id)
      .Use("policy_id", values.policy_id)
      .Use("step_key", values.step_key)
      .Into(id);
  if (!query.Execute()) {
    return absl::InternalError("inserted reminder not found by its step");
  }
  return id;
}

std::optional<EventRecord> ReminderEventOf(const ReminderRecord& reminder,
                                           std::optional<ReminderState> before,
                                           const CurrencyAmount& outstanding,
                                           absl::string_view actor,
                                           absl::Time now) {
  if (before == reminder.state) return std::nullopt;
  EventRecord event;
  switch (reminder.state) {
    case ReminderState::kDue:
      if (before == ReminderState::kSending) return std::nullopt;
      event.kind = reminder.actor == Actor::kAutomatic
                       ? event_kind::kReminderDue
                       : event_kind::kTaskAssigned;
      event.detail = StepDetail(reminder);
      break;
    case ReminderState::kSent:
      event.kind = event_kind::kReminderSent;
      event.detail = StepDetail(reminder);
      break;
    case ReminderState::kFailed:
      event.kind = event_kind::kReminderFailed;
      event.detail = reminder.reason;
      break;
    case ReminderState::kSkipped:
      event.kind = event_kind::kReminderSkipped;
      event.detail = reminder.reason;
      break;
    case ReminderState::kDone:
      event.kind = event_kind::kTaskDone;
      // What came of it (a call's outcome), when said.
      event.detail =
          reminder.reason.empty() ? StepDetail(reminder) : reminder.reason;
      break;
    case ReminderState::kScheduled:
    case ReminderState::kSending:
    case ReminderState::kCancelled:
      return std::nullopt;
  }
  event.client_id = reminder.client_id;
  event.invoice_id = reminder.invoice_id;
  event.reminder_id = reminder.id;
  event.occurred_time = now;
  event.actor = std::string(actor);
  event.assignee = reminder.assignee;
  event.amount = outstanding;
  return event;
}

absl::Status RaiseReminderEventIn(soci::session& session,
                                  const ReminderRecord& reminder,
                                  std::optional<ReminderState> before,
                                  absl::string_view actor, absl::Time now) {
  return WriteEvent(
      session, ReminderEventOf(reminder, before, reminder.invoice_outstanding,
                               actor, now));
}

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

absl::StatusOr<std::optional<ReminderContext>>
SqlDunningRepository::ReadContextIn(soci::session& session,
                                    long long reminder_id, InvoiceLock lock) {
  long long invoice_id = 0;
  {
    SqlQuery query(session, kInvoiceOfReminder);
    query.Use("id", reminder_id).Into(invoice_id);
    if (!query.Execute()) return NotFound(kReminderNoun, reminder_id);
  }
  ReminderContext context;
  {
    // Locked first, so that what is read next is what the invoice's other
    // writers (the engine's runs) leave.
    const bool postgresql = runner_->dialect() == Dialect::kPostgresql;
    absl::string_view lock_clause;
    if (postgresql && lock == InvoiceLock::kWait) lock_clause = kLock;
    if (postgresql && lock == InvoiceLock::kSkipLocked) {
      lock_clause = kLockSkippingLocked;
    }
    SqlQuery query(session,
                   absl::StrCat("SELECT ", kInvoiceColumns,
                                " FROM invoices WHERE id = :id", lock_clause));
    query.Use("id", invoice_id);
    RELANCE_ASSIGN_OR_RETURN(std::optional<InvoiceRecord> invoice,
                             FetchOne<InvoiceRow>(query));
    if (!invoice.has_value()) {
      // The reminder's own invoice, which its foreign key keeps: when
      // skipping, missing means held by another transaction.
      if (postgresql && lock == InvoiceLock::kSkipLocked) return std::nullopt;
      return NotFound("invoice", invoice_id);
    }
    context.invoice = *std::move(invoice);
  }
  RELANCE_ASSIGN_OR_RETURN(context.reminder,
                           GetReminderIn(session, reminder_id));
  {
    RELANCE_ASSIGN_OR_RETURN(
        std::vector<ClientRecord> clients,
        ReadClients(session, IdList({context.invoice.client_id})));
    if (clients.empty()) return NotFound("client", context.invoice.client_id);
    context.client = std::move(clients.front());
  }
  {
    RELANCE_ASSIGN_OR_RETURN(auto holds,
                             ReadHolds(session, IdList({invoice_id})));
    if (auto hold = holds.find(invoice_id); hold != holds.end()) {
      context.holds = hold->second;
    }
  }
  long long pending_id = 0;
  {
    const int step_rank = context.reminder.rank;
    SqlQuery query(session, kEarlierStepPending);
    query.Use("invoice_id", invoice_id)
        .Use("step_rank", step_rank)
        .Into(pending_id);
    if (!query.Execute()) pending_id = 0;
  }
  if (pending_id != 0) {
    RELANCE_ASSIGN_OR_RETURN(context.earlier_step,
                             GetReminderIn(session, pending_id));
  }
  {
    int rank = 0;
    long long carried_out_us = 0;
    SqlQuery query(session, kLadderCarriedOut);
    query.Use("invoice_id", invoice_id)
        .Use("id", reminder_id)
        .Into(rank)
        .Into(carried_out_us);
    query.Execute();
    context.rank_carried_out = rank;
    if (carried_out_us != 0) {
      context.last_carried_out_time = TimeFromColumn(carried_out_us);
    }
  }

  return context;
}

absl::StatusOr<std::optional<SqlDunningRepository::ChangedReminder>>
SqlDunningRepository::ChangeReminderIn(soci::session& session,
                                       long long reminder_id,
                                       const ReminderDecider& decide,
                                       absl::Time now, InvoiceLock lock,
                                       absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(std::optional<ReminderContext> read,
                           ReadContextIn(session, reminder_id, lock));
  if (!read.has_value()) return std::nullopt;
  ReminderContext& context = *read;
  const long long invoice_id = context.invoice.id;
  RELANCE_ASSIGN_OR_RETURN(std::optional<ReminderRecord> decided,
                           decide(context));
  if (!decided.has_value()) {
    return ChangedReminder{.reminder = std::move(context.reminder)};
  }
  RELANCE_RETURN_IF_ERROR(ReminderValues::Check(*decided));
  {
    ReminderValues values;
    values.now = TimeToColumn(now);
    values.Assign(*decided);
    // What this transaction read, whatever the decider returned.
    values.id = reminder_id;
    values.invoice_id = invoice_id;
    values.version = context.reminder.version;
    SqlQuery update(session, kUpdateReminder);
    values.BindUpdate(update);
    update.Execute();
    if (update.affected_rows() != 1) {
      return MissingOrModified(session, "reminders", kReminderNoun, reminder_id,
                               context.reminder.version);
    }
  }
  if (decided->state != context.reminder.state &&
      context.invoice.status == InvoiceStatus::kOpen) {
    SqlQuery mark(session, kMarkInvoice);
    mark.Use("id", invoice_id);
    mark.Execute();
  }
  RELANCE_ASSIGN_OR_RETURN(ReminderRecord after,
                           GetReminderIn(session, reminder_id));
  // The user who changed it; else the worker that held the claim, or took it
  // now; else the server itself.
  const ReminderRecord& before = context.reminder;
  if (actor.empty()) {
    actor = !before.claim_owner.empty()  ? absl::string_view(before.claim_owner)
            : !after.claim_owner.empty() ? absl::string_view(after.claim_owner)
                                         : kEngineActor;
  }
  std::optional<EventRecord> event = ReminderEventOf(
      after, before.state, after.invoice_outstanding, actor, now);
  return ChangedReminder{
      .reminder = std::move(after), .changed = true, .event = std::move(event)};
}

absl::StatusOr<ReminderRecord> SqlDunningRepository::ChangeReminder(
    std::int64_t id, const ReminderDecider& decide, absl::Time now,
    absl::string_view actor) {
  const long long reminder_id = id;
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<ReminderRecord> {
        RELANCE_ASSIGN_OR_RETURN(
            std::optional<ChangedReminder> changed,
            ChangeReminderIn(session, reminder_id, decide, now,
                             InvoiceLock::kWait, actor));
        if (!changed.has_value()) {
          return absl::InternalError("a waiting lock skipped the invoice");
        }
        RELANCE_RETURN_IF_ERROR(WriteEvent(session, changed->event));
        return std::move(changed->reminder);
      });
}

absl::StatusOr<std::optional<ReminderRecord>>
SqlDunningRepository::ClaimReminder(std::int64_t id,
                                    const ReminderDecider& decide,
                                    absl::Time now) {
  const long long reminder_id = id;
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<std::optional<ReminderRecord>> {
    RELANCE_ASSIGN_OR_RETURN(std::optional<ChangedReminder> changed,
                             ChangeReminderIn(session, reminder_id, decide, now,
                                              InvoiceLock::kSkipLocked,
                                              /*actor=*/""));
    if (!changed.has_value()) return std::nullopt;
    RELANCE_RETURN_IF_ERROR(WriteEvent(session, changed->event));
    return std::move(changed->reminder);
  });
}

absl::StatusOr<std::vector<ReminderRecord>>
SqlDunningRepository::ChangeReminders(const std::vector<std::int64_t>& ids,
                                      const ReminderDecider& decide,
                                      const std::vector<InteractionRecord>& log,
                                      absl::Time now) {
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<std::vector<ReminderRecord>> {
    // Invoices are locked in id order, as the engine's batches lock them, so
    // that two transactions never wait for each other in a cycle.
    std::vector<std::pair<long long, size_t>> order;
    for (size_t i = 0; i < ids.size(); ++i) {
      const long long reminder_id = ids[i];
      long long invoice_id = 0;
      SqlQuery query(session, kInvoiceOfReminder);
      query.Use("id", reminder_id).Into(invoice_id);
      if (!query.Execute()) return NotFound(kReminderNoun, reminder_id);
      order.emplace_back(invoice_id, i);
    }
    std::sort(order.begin(), order.end());
    std::vector<ReminderRecord> after(ids.size());
    // Written once every invoice is locked: writing an event serialises the
    // event writers until commit (PostgreSQL), which must not wait for a row
    // lock meanwhile.
    std::vector<EventRecord> events;
    bool any_changed = false;
    for (const auto& [invoice_id, index] : order) {
      RELANCE_ASSIGN_OR_RETURN(
          std::optional<ChangedReminder> changed,
          ChangeReminderIn(session, ids[index], decide, now, InvoiceLock::kWait,
                           /*actor=*/""));
      if (!changed.has_value()) {
        return absl::InternalError("a waiting lock skipped the invoice");
      }
      any_changed = any_changed || changed->changed;
      if (changed->event.has_value()) {
        events.push_back(*std::move(changed->event));
      }
      after[index] = std::move(changed->reminder);
    }
    if (any_changed) {
      for (const InteractionRecord& entry : log) {
        RELANCE_RETURN_IF_ERROR(
            AppendInteractionIn(session, entry, now).status());
      }
    }
    for (const EventRecord& event : events) {
      RELANCE_RETURN_IF_ERROR(AppendEventIn(session, event).status());
    }
    return after;
  });
}

absl::StatusOr<ReminderContext> SqlDunningRepository::GetReminderContext(
    std::int64_t id) {
  const long long reminder_id = id;
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<ReminderContext> {
        RELANCE_ASSIGN_OR_RETURN(
            std::optional<ReminderContext> context,
            ReadContextIn(session, reminder_id, InvoiceLock::kNone));
        // Read without a lock, it is never skipped.
        if (!context.has_value()) return NotFound(kReminderNoun, reminder_id);
        return *std::move(context);
      });
}

absl::StatusOr<ReminderRecord> SqlDunningRepository::GetReminder(
    std::int64_t id) {
  const long long reminder_id = id;
  return runner_->Read([&](soci::session& session) {
    return GetReminderIn(session, reminder_id);
  });
}

absl::StatusOr<Page<ReminderRecord>> SqlDunningRepository::ListReminders(
    const ReminderFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  std::string sql = absl::StrCat("SELECT ", kReminderColumns, kReminderFrom,
                                 " WHERE r.id > :after_id");
  // The bound values, alive until the query has run.
  const long long after_id = page.after_id;
  const long long limit = PageQueryLimit(page);
  std::string state;
  long long client_id = 0;
  long long invoice_id = 0;
  if (filter.state.has_value()) {
    state = std::string(EnumToColumn(*filter.state));
    absl::StrAppend(&sql, " AND r.state = :state");
  }
  if (filter.client_id.has_value()) {
    client_id = *filter.client_id;
    absl::StrAppend(&sql, " AND r.client_id = :client_id");
  }
  if (filter.assignee.has_value()) {
    absl::StrAppend(&sql, " AND r.assignee = :assignee");
  }
  if (filter.invoice_id.has_value()) {
    invoice_id = *filter.invoice_id;
    absl::StrAppend(&sql, " AND r.invoice_id = :invoice_id");
  }
  if (filter.owner.has_value()) {
    absl::StrAppend(
        &sql,
        " AND r.client_id IN (SELECT id FROM clients WHERE owner = :owner)");
  }
  absl::StrAppend(&sql, " ORDER BY r.id LIMIT :limit");
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<ReminderRecord>> {
        SqlQuery query(session, sql);
        query.Use("after_id", after_id);
        if (filter.state.has_value()) query.Use("state", state);
        if (filter.client_id.has_value()) query.Use("client_id", client_id);
        if (filter.assignee.has_value())
          query.Use("assignee", *filter.assignee);
        if (filter.invoice_id.has_value()) query.Use("invoice_id", invoice_id);
        if (filter.owner.has_value()) query.Use("owner", *filter.owner);
        query.Use("limit", limit);
        RELANCE_ASSIGN_OR_RETURN(std::vector<ReminderRecord> rows,
                                 FetchAll<ReminderRow>(query));
        return ToPage(std::move(rows), page);
      });
}

absl::StatusOr<std::vector<ReminderRecord>>
SqlDunningRepository::ListDispatchable(absl::Time now, std::int64_t after_id,
                                       int limit) {
  if (limit < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be at least 1, not ", limit));
  }
  const long long now_column = TimeToColumn(now);
  const long long after = after_id;
  const long long limit_column = limit;
  return runner_->Read([&](soci::session& session)
                           -> absl::StatusOr<std::vector<ReminderRecord>> {
    SqlQuery query(
        session,
        absl::StrCat("SELECT ", kReminderColumns, kReminderFrom,
                     " WHERE r.actor = 'automatic' AND (r.state = 'due' OR "
                     "(r.state = 'sending' AND r.claim_until_us < :now)) AND "
                     "r.id > :after_id ORDER BY r.id LIMIT :limit"));
    query.Use("now", now_column)
        .Use("after_id", after)
        .Use("limit", limit_column);
    return FetchAll<ReminderRow>(query);
  });
}

}  // namespace relance::storage
