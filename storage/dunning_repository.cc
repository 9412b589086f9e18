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
#include "storage/base/status_macros.h"
#include "storage/database_options.h"
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

constexpr char kLock[] = " FOR UPDATE";

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
    MarkInvoice(session, invoice_id);
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
