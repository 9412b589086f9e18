#include "storage/dunning_sql.h"

#include <soci/soci.h>

#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "storage/repository_support.h"
#include "storage/sql_errors.h"

namespace relance::storage {

std::string IdList(const std::vector<long long>& ids) {
  return absl::StrCat("(", absl::StrJoin(ids, ","), ")");
}

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

namespace {

absl::StatusOr<std::optional<ReminderRecord>> FindReminder(
    soci::session& session, long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kReminderColumns,
                                       kReminderFrom, " WHERE r.id = :id"));
  query.Use("id", id);
  return FetchOne<ReminderRow>(query);
}

}  // namespace

absl::StatusOr<ReminderRecord> GetReminderIn(soci::session& session,
                                             long long id) {
  RELANCE_ASSIGN_OR_RETURN(std::optional<ReminderRecord> reminder,
                           FindReminder(session, id));
  if (!reminder.has_value()) return NotFound(kReminderNoun, id);
  return *std::move(reminder);
}

absl::Status ReminderExists(const ReminderRecord& reminder) {
  return absl::AbortedError(absl::StrCat(
      "reminder for step '", reminder.step_key, "' of invoice ",
      reminder.invoice_id, " already exists (planned concurrently)"));
}

absl::Status ReminderChanged(const ReminderRecord& reminder,
                             std::int64_t invoice_id) {
  return absl::AbortedError(
      absl::StrCat("reminder ", reminder.id, " of invoice ", invoice_id,
                   " is no longer at version ", reminder.version));
}

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

}  // namespace relance::storage
