#include "server/api/interaction_service.h"

#include <optional>
#include <string>

#include "server/api/authorization.h"
#include "server/api/conversions.h"
#include "server/api/dunning_conversions.h"
#include "server/api/idempotency.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/api/status_mapping.h"
#include "server/api/workflow_conversions.h"
#include "server/domain/field_violations.h"
#include "server/domain/workflow.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

// The entries a timeline request selects, within the caller's clients.
// INVALID_ARGUMENT naming kinds[i], occurred_after or occurred_before.
absl::StatusOr<storage::InteractionFilter> TimelineFilter(
    const v1::ListTimelineRequest& request, const Caller& caller) {
  FieldViolations violations;
  storage::InteractionFilter filter;
  filter.client_id = OptionalId(request.client_id());
  filter.invoice_id = OptionalId(request.invoice_id());
  filter.owner = caller.owner_scope();
  for (int i = 0; i < request.kinds_size(); ++i) {
    std::optional<storage::InteractionKind> kind =
        EntryKindFromProto(request.kinds(i));
    if (!kind.has_value()) {
      violations.Add(absl::StrCat("kinds[", i, "]"), "is not an entry kind");
    } else {
      filter.kinds.push_back(*kind);
    }
  }
  std::optional<absl::Time> after =
      OptionalTime("occurred_after", request.has_occurred_after(),
                   request.occurred_after(), violations);
  std::optional<absl::Time> before =
      OptionalTime("occurred_before", request.has_occurred_before(),
                   request.occurred_before(), violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  if (after.has_value()) filter.occurred_from = *after;
  if (before.has_value()) filter.occurred_until = *before;
  return filter;
}

// The note a request writes, but for its request key. INVALID_ARGUMENT naming
// kind or occurred_time.
absl::StatusOr<NoteInput> NoteInputFromProto(
    const v1::AddNoteRequest& request) {
  FieldViolations violations;
  NoteInput input;
  input.client_id = request.client_id();
  input.invoice_id = OptionalId(request.invoice_id());
  if (request.kind() != v1::ENTRY_KIND_UNSPECIFIED) {
    std::optional<storage::InteractionKind> kind =
        EntryKindFromProto(request.kind());
    if (!kind.has_value()) {
      violations.Add("kind", "is not an entry kind");
    } else {
      input.kind = *kind;
    }
  }
  input.text = request.text();
  input.occurred_time =
      OptionalTime("occurred_time", request.has_occurred_time(),
                   request.occurred_time(), violations);
  input.corrects_id = OptionalId(request.corrects_entry_id());
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return input;
}

// The call a request logs, but for its request key. INVALID_ARGUMENT naming
// outcome, occurred_time, promise.date or dispute.deadline.
absl::StatusOr<CallInput> CallInputFromProto(
    const v1::LogCallRequest& request) {
  FieldViolations violations;
  CallInput input;
  input.client_id = request.client_id();
  input.invoice_id = OptionalId(request.invoice_id());
  input.task_id = OptionalId(request.task_id());
  if (request.outcome() != v1::CALL_OUTCOME_UNSPECIFIED) {
    input.outcome = CallOutcomeFromProto(request.outcome());
    if (!input.outcome.has_value()) {
      violations.Add("outcome", "is not a call outcome");
    }
  }
  input.notes = request.notes();
  input.occurred_time =
      OptionalTime("occurred_time", request.has_occurred_time(),
                   request.occurred_time(), violations);
  if (request.has_promise()) {
    const v1::PromiseTerms& terms = request.promise();
    PromiseTerms promise;
    promise.amount = {terms.amount().currency_code(),
                      terms.amount().minor_units()};
    promise.date = OptionalDate("promise.date", terms.date(), violations);
    if (terms.has_grace_days()) promise.grace_days = terms.grace_days();
    input.promise = promise;
  }
  if (request.has_dispute()) {
    const v1::DisputeTerms& terms = request.dispute();
    input.dispute =
        DisputeTerms{.reason = terms.reason(),
                     .owner = terms.owner(),
                     .deadline = OptionalDate("dispute.deadline",
                                              terms.deadline(), violations)};
  }
  input.corrects_id = OptionalId(request.corrects_entry_id());
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return input;
}

void CallResultToProto(const storage::CallResult& call,
                       v1::LogCallResponse* response) {
  for (const storage::InteractionRecord& entry : call.entries) {
    ToProto(entry, response->add_entries());
  }
  if (call.task.has_value()) ToProto(*call.task, response->mutable_task());
  if (call.promise.has_value()) {
    ToProto(*call.promise, response->mutable_promise());
  }
  if (call.dispute.has_value()) {
    ToProto(*call.dispute, response->mutable_dispute());
  }
  if (call.follow_up.has_value()) {
    ToProto(*call.follow_up, response->mutable_follow_up());
  }
}

}  // namespace

absl::Status InteractionService::ListTimelineOp(
    grpc::ServerContext* context, const v1::ListTimelineRequest* request,
    v1::ListTimelineResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_ASSIGN_OR_RETURN(const storage::InteractionFilter filter,
                           TimelineFilter(*request, caller));
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->workflow()->Timeline(filter, page);
      },
      [&](const storage::InteractionRecord& entry) {
        ToProto(entry, response->add_entries());
      });
}

absl::Status InteractionService::AddNoteOp(grpc::ServerContext* context,
                                           const v1::AddNoteRequest* request,
                                           v1::AddNoteResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->client_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  RELANCE_ASSIGN_OR_RETURN(NoteInput input, NoteInputFromProto(*request));
  input.request_id = request_key;
  absl::StatusOr<storage::InteractionRecord> entry =
      env_->workflow()->AddNote(input, caller.user);
  if (!entry.ok()) return entry.status();
  ToProto(*entry, response->mutable_entry());
  return absl::OkStatus();
}

absl::Status InteractionService::LogCallOp(grpc::ServerContext* context,
                                           const v1::LogCallRequest* request,
                                           v1::LogCallResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->client_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  RELANCE_ASSIGN_OR_RETURN(CallInput input, CallInputFromProto(*request));
  input.request_id = request_key;
  absl::StatusOr<storage::CallResult> call =
      env_->workflow()->LogCall(input, caller.user);
  if (!call.ok()) return call.status();
  CallResultToProto(*call, response);
  return absl::OkStatus();
}

}  // namespace relance::api
