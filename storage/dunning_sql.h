#ifndef RELANCE_STORAGE_DUNNING_SQL_H_
#define RELANCE_STORAGE_DUNNING_SQL_H_

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/records.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"

// What the dunning repository's files share: the reminders' columns and their
// bindings, and the reads both the due batch (dunning_due_batch.cc) and the
// reminders' changes (dunning_repository.cc) make. Internal to storage/.
namespace relance::storage {

// A reminder with its invoice's number and outstanding amount: every query
// selecting these columns reads FROM kReminderFrom.
inline constexpr char kReminderColumns[] =
    "r.id, r.invoice_id, i.number, i.currency, "
    "i.total_minor - i.paid_minor - i.credited_minor, r.client_id, "
    "r.policy_id, r.step_key, r.step_index, r.channels, r.template_key, "
    "r.actor, r.assignee, r.state, r.reason, r.scheduled_us, r.action_date, "
    "r.fee_minor, r.fee_currency, r.formal_notice, r.notice_deadline, "
    "r.hand_over, r.group_key, r.claim_owner, r.claim_until_us, r.version, "
    "r.create_time_us, r.update_time_us, r.origin, COALESCE(r.plan_id, 0), "
    "r.instalment_number, r.step_rank, r.carried_out_us";
inline constexpr char kReminderFrom[] =
    " FROM reminders r JOIN invoices i ON i.id = r.invoice_id";

// Rows another run holds are left to it.
inline constexpr char kLockSkippingLocked[] = " FOR UPDATE SKIP LOCKED";

inline constexpr char kInsertReminder[] =
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
inline constexpr char kUpdateReminder[] =
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

inline constexpr char kReminderIdByStep[] =
    "SELECT id FROM reminders WHERE invoice_id = :invoice_id AND "
    "policy_id = :policy_id AND step_key = :step_key";

inline constexpr char kReminderNoun[] = "reminder";

// The actor of the entries the engine's runs write.
inline constexpr absl::string_view kEngineActor = "relanced";

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
std::string IdList(const std::vector<long long>& ids);

// The holds of the invoices `id_list` (IdList of unique ids, not empty), from
// their open disputes and promises and their active payment plan.
absl::StatusOr<absl::flat_hash_map<long long, DunningHolds>> ReadHolds(
    soci::session& session, const std::string& id_list);

// The clients `id_list` (IdList).
absl::StatusOr<std::vector<ClientRecord>> ReadClients(
    soci::session& session, const std::string& id_list);

// Reminder `id` with its invoice's columns; NOT_FOUND.
absl::StatusOr<ReminderRecord> GetReminderIn(soci::session& session,
                                             long long id);

// ABORTED: `reminder`, planned as new, already exists.
absl::Status ReminderExists(const ReminderRecord& reminder);

// ABORTED: `reminder`, planned as an update, has changed since it was read.
absl::Status ReminderChanged(const ReminderRecord& reminder,
                             std::int64_t invoice_id);

// Runs `insert`, turning a unique violation into ABORTED; other errors are
// thrown on.
absl::Status ExecuteInsert(SqlQuery& insert, const ReminderRecord& reminder);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_DUNNING_SQL_H_
