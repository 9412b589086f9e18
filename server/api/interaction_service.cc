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

namespace relance::api {

grpc::Status InteractionService::ListTimeline(
    grpc::ServerContext* context, const v1::ListTimelineRequest* request,
    v1::ListTimelineResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  absl::StatusOr<storage::PageRequest> page =
      ParsePageRequest(request->page_size(), request->page_token());
  if (!page.ok()) return ToGrpcStatus(page.status());
  FieldViolations violations;
  storage::InteractionFilter filter;
  filter.client_id = OptionalId(request->client_id());
  filter.invoice_id = OptionalId(request->invoice_id());
  filter.owner = caller.owner_scope();
  for (int i = 0; i < request->kinds_size(); ++i) {
    std::optional<storage::InteractionKind> kind =
        EntryKindFromProto(request->kinds(i));
    if (!kind.has_value()) {
      violations.Add(absl::StrCat("kinds[", i, "]"), "is not an entry kind");
    } else {
      filter.kinds.push_back(*kind);
    }
  }
  std::optional<absl::Time> after =
      OptionalTime("occurred_after", request->has_occurred_after(),
                   request->occurred_after(), violations);
  std::optional<absl::Time> before =
      OptionalTime("occurred_before", request->has_occurred_before(),
                   request->occurred_before(), violations);
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());
  if (after.has_value()) filter.occurred_from = *after;
  if (before.has_value()) filter.occurred_until = *before;
  absl::StatusOr<storage::Page<storage::InteractionRecord>> entries =
      env_->workflow()->Timeline(filter, *page);
  if (!entries.ok()) return ToGrpcStatus(entries.status());
  for (const storage::InteractionRecord& entry : entries->items) {
    ToProto(entry, response->add_entries());
  }
  response->set_next_page_token(NextPageToken(entries->next_after_id));
  return grpc::Status::OK;
}

grpc::Status InteractionService::AddNote(grpc::ServerContext* context,
                                         const v1::AddNoteRequest* request,
                                         v1::AddNoteResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_GRPC_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->client_id()));
  FieldViolations violations;
  CheckRequestId(request->request_id(), violations);
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const std::string request_key,
      IdempotencyKey(*env_, caller, *request, request->request_id()));
  NoteInput input;
  input.request_id = request_key;
  input.client_id = request->client_id();
  input.invoice_id = OptionalId(request->invoice_id());
  if (request->kind() != v1::ENTRY_KIND_UNSPECIFIED) {
    std::optional<storage::InteractionKind> kind =
        EntryKindFromProto(request->kind());
    if (!kind.has_value()) {
      violations.Add("kind", "is not an entry kind");
    } else {
      input.kind = *kind;
    }
  }
  input.text = request->text();
  input.occurred_time =
      OptionalTime("occurred_time", request->has_occurred_time(),
                   request->occurred_time(), violations);
  input.corrects_id = OptionalId(request->corrects_entry_id());
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());
  absl::StatusOr<storage::InteractionRecord> entry =
      env_->workflow()->AddNote(input, caller.user);
  if (!entry.ok()) return ToGrpcStatus(entry.status());
  ToProto(*entry, response->mutable_entry());
  return grpc::Status::OK;
}

grpc::Status InteractionService::LogCall(grpc::ServerContext* context,
                                         const v1::LogCallRequest* request,
                                         v1::LogCallResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_GRPC_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->client_id()));
  FieldViolations violations;
  CheckRequestId(request->request_id(), violations);
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const std::string request_key,
      IdempotencyKey(*env_, caller, *request, request->request_id()));
  CallInput input;
  input.request_id = request_key;
  input.client_id = request->client_id();
  input.invoice_id = OptionalId(request->invoice_id());
  input.task_id = OptionalId(request->task_id());
  if (request->outcome() != v1::CALL_OUTCOME_UNSPECIFIED) {
    input.outcome = CallOutcomeFromProto(request->outcome());
    if (!input.outcome.has_value()) {
      violations.Add("outcome", "is not a call outcome");
    }
  }
  input.notes = request->notes();
  input.occurred_time =
      OptionalTime("occurred_time", request->has_occurred_time(),
                   request->occurred_time(), violations);
  if (request->has_promise()) {
    const v1::PromiseTerms& terms = request->promise();
    PromiseTerms promise;
    promise.amount = {terms.amount().currency_code(),
                      terms.amount().minor_units()};
    promise.date = OptionalDate("promise.date", terms.date(), violations);
    if (terms.has_grace_days()) promise.grace_days = terms.grace_days();
    input.promise = promise;
  }
  if (request->has_dispute()) {
    const v1::DisputeTerms& terms = request->dispute();
    input.dispute =
        DisputeTerms{.reason = terms.reason(),
                     .owner = terms.owner(),
                     .deadline = OptionalDate("dispute.deadline",
                                              terms.deadline(), violations)};
  }
  input.corrects_id = OptionalId(request->corrects_entry_id());
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());
  absl::StatusOr<storage::CallResult> call =
      env_->workflow()->LogCall(input, caller.user);
  if (!call.ok()) return ToGrpcStatus(call.status());
  for (const storage::InteractionRecord& entry : call->entries) {
    ToProto(entry, response->add_entries());
  }
  if (call->task.has_value()) ToProto(*call->task, response->mutable_task());
  if (call->promise.has_value()) {
    ToProto(*call->promise, response->mutable_promise());
  }
  if (call->dispute.has_value()) {
    ToProto(*call->dispute, response->mutable_dispute());
  }
  if (call->follow_up.has_value()) {
    ToProto(*call->follow_up, response->mutable_follow_up());
  }
  return grpc::Status::OK;
}

}  // namespace relance::api
