// SqlWorkflowRepository::LogCall: a call with what its outcome makes (the task
// it carries out, a promise or dispute, a follow-up), as one idempotent
// change.
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
#include "storage/base/status_macros.h"
#include "storage/dunning_repository.h"
#include "storage/interaction_repository.h"
#include "storage/repository_support.h"
#include "storage/sql_errors.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"
#include "storage/workflow_progress.h"
#include "storage/workflow_repository.h"
#include "storage/workflow_sql.h"

namespace relance::storage {
namespace {

// Carries out due task `task_id` of `client` with `call`'s reason and action
// date. NOT_FOUND; FAILED_PRECONDITION unless a due task of the client.
absl::StatusOr<ReminderRecord> CompleteTaskIn(soci::session& session,
                                              const CallWrite& call,
                                              const ClientRecord& client,
                                              absl::Time now) {
  RELANCE_ASSIGN_OR_RETURN(ReminderRecord task,
                           ReadReminderIn(session, *call.task_id));
  // A task is what Reminders::Complete marks done: due, and for a person.
  if (task.client_id != client.id || task.state != ReminderState::kDue ||
      task.actor == Actor::kAutomatic) {
    return absl::FailedPreconditionError(absl::StrCat(
        "reminder ", task.id, " is not a due task of client ", client.id));
  }
  const std::string& reason = call.task_reason;
  const std::string action_date = DayToColumn(call.task_action_date);
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
      RaiseReminderEventIn(session, done, task.state, call.entry.actor, now));
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

}  // namespace

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
          RELANCE_ASSIGN_OR_RETURN(result.task,
                                   CompleteTaskIn(session, call, client, now));
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

}  // namespace relance::storage
