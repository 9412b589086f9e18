#include "server/api/collections_service.h"

#include <optional>
#include <string>

#include "server/api/authorization.h"
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

// A workflow change's record into `record_out`, its first entry's id into
// the response.
template <typename Record, typename Wire, typename Response>
absl::Status Respond(
    const absl::StatusOr<storage::WorkflowChange<Record>>& change,
    Wire* record_out, Response* response) {
  if (!change.ok()) return change.status();
  ToProto(change->record, record_out);
  if (!change->entries.empty()) {
    response->set_entry_id(change->entries.front().id);
  }
  return absl::OkStatus();
}

// The state filter of a list: UNSPECIFIED does not filter.
template <typename State>
std::optional<State> StateFilter(int wire, std::optional<State> (*parse)(int),
                                 FieldViolations& violations) {
  if (wire == 0) return std::nullopt;
  std::optional<State> state = parse(wire);
  if (!state.has_value()) violations.Add("state", "is not a known state");
  return state;
}

// The plan a request creates, but for its request key. INVALID_ARGUMENT naming
// split.first_due_date or instalments[i].due_date.
absl::StatusOr<PlanInput> PlanInputFromProto(
    const v1::CreatePlanRequest& request) {
  FieldViolations violations;
  PlanInput input;
  input.invoice_id = request.invoice_id();
  if (request.has_split()) {
    const v1::EvenSplit& split = request.split();
    input.split = EvenSplit{
        .count = split.count(),
        .first_due_date = OptionalDate("split.first_due_date",
                                       split.first_due_date(), violations),
        .every_days = split.every_days(),
        .every_months = split.every_months()};
  }
  if (request.has_instalments()) {
    const auto& instalments = request.instalments().instalments();
    for (int i = 0; i < instalments.size(); ++i) {
      input.instalments.push_back(InstalmentTerms{
          .due_date =
              OptionalDate(absl::StrCat("instalments[", i, "].due_date"),
                           instalments[i].due_date(), violations),
          .amount = {instalments[i].amount().currency_code(),
                     instalments[i].amount().minor_units()}});
    }
  }
  if (request.has_grace_days()) input.grace_days = request.grace_days();
  if (request.has_break_after_days()) {
    input.break_after_days = request.break_after_days();
  }
  input.notes = request.notes();
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return input;
}

}  // namespace

absl::Status DisputeService::OpenDisputeOp(
    grpc::ServerContext* context, const v1::OpenDisputeRequest* request,
    v1::OpenDisputeResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  FieldViolations violations;
  DisputeTerms terms{
      .reason = request->terms().reason(),
      .owner = request->terms().owner(),
      .deadline = OptionalDate("terms.deadline", request->terms().deadline(),
                               violations)};
  if (!violations.empty()) return violations.ToStatus();
  return Respond(env_->workflow()->OpenDispute(
                     request_key, request->invoice_id(), terms, caller.user),
                 response->mutable_dispute(), response);
}

absl::Status DisputeService::CommentDisputeOp(
    grpc::ServerContext* context, const v1::CommentDisputeRequest* request,
    v1::CommentDisputeResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "dispute", request->dispute_id(),
      [&](std::int64_t id) { return env_->workflow()->GetDispute(id); }));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  return Respond(
      env_->workflow()->CommentDispute(request_key, request->dispute_id(),
                                       request->text(), caller.user),
      response->mutable_dispute(), response);
}

absl::Status DisputeService::ResolveDisputeOp(
    grpc::ServerContext* context, const v1::ResolveDisputeRequest* request,
    v1::ResolveDisputeResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "dispute", request->dispute_id(),
      [&](std::int64_t id) { return env_->workflow()->GetDispute(id); }));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  FieldViolations violations;
  std::optional<storage::DisputeOutcome> outcome =
      DisputeOutcomeFromProto(request->outcome());
  if (request->outcome() != v1::DISPUTE_OUTCOME_UNSPECIFIED &&
      !outcome.has_value()) {
    violations.Add("outcome", "is not a dispute outcome");
  }
  if (!violations.empty()) return violations.ToStatus();
  return Respond(env_->workflow()->ResolveDispute(
                     request_key, request->dispute_id(), outcome,
                     request->resolution(), caller.user),
                 response->mutable_dispute(), response);
}

absl::Status DisputeService::GetDisputeOp(grpc::ServerContext* context,
                                          const v1::GetDisputeRequest* request,
                                          v1::GetDisputeResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  absl::StatusOr<storage::DisputeRecord> dispute =
      env_->workflow()->GetDispute(request->dispute_id());
  RELANCE_RETURN_IF_ERROR(CheckRecordScope(*env_, caller, "dispute",
                                           request->dispute_id(), dispute));
  if (!dispute.ok()) return dispute.status();
  ToProto(*dispute, response->mutable_dispute());
  return absl::OkStatus();
}

absl::Status DisputeService::ListDisputesOp(
    grpc::ServerContext* context, const v1::ListDisputesRequest* request,
    v1::ListDisputesResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  FieldViolations violations;
  storage::DisputeFilter filter{
      .client_id = OptionalId(request->client_id()),
      .invoice_id = OptionalId(request->invoice_id()),
      .state =
          StateFilter(request->state(), &DisputeStateFromProto, violations)};
  filter.owner = caller.owner_scope();
  if (!violations.empty()) return violations.ToStatus();
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->workflow()->ListDisputes(filter, page);
      },
      [&](const storage::DisputeRecord& dispute) {
        ToProto(dispute, response->add_disputes());
      });
}

absl::Status PromiseService::MakePromiseOp(
    grpc::ServerContext* context, const v1::MakePromiseRequest* request,
    v1::MakePromiseResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  FieldViolations violations;
  const v1::PromiseTerms& wire = request->terms();
  PromiseTerms terms;
  terms.amount = {wire.amount().currency_code(), wire.amount().minor_units()};
  terms.date = OptionalDate("terms.date", wire.date(), violations);
  if (wire.has_grace_days()) terms.grace_days = wire.grace_days();
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<storage::WorkflowChange<storage::PromiseRecord>> change =
      env_->workflow()->MakePromise(request_key, request->invoice_id(), terms,
                                    request->notes(), caller.user);
  if (!change.ok()) {
    return PrefixFieldViolations(change.status(), "terms.");
  }
  return Respond(change, response->mutable_promise(), response);
}

absl::Status PromiseService::GetPromiseOp(grpc::ServerContext* context,
                                          const v1::GetPromiseRequest* request,
                                          v1::GetPromiseResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  absl::StatusOr<storage::PromiseRecord> promise =
      env_->workflow()->GetPromise(request->promise_id());
  RELANCE_RETURN_IF_ERROR(CheckRecordScope(*env_, caller, "promise",
                                           request->promise_id(), promise));
  if (!promise.ok()) return promise.status();
  ToProto(*promise, response->mutable_promise());
  return absl::OkStatus();
}

absl::Status PromiseService::ListPromisesOp(
    grpc::ServerContext* context, const v1::ListPromisesRequest* request,
    v1::ListPromisesResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  FieldViolations violations;
  storage::PromiseFilter filter{
      .client_id = OptionalId(request->client_id()),
      .invoice_id = OptionalId(request->invoice_id()),
      .state =
          StateFilter(request->state(), &PromiseStateFromProto, violations)};
  filter.owner = caller.owner_scope();
  if (!violations.empty()) return violations.ToStatus();
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->workflow()->ListPromises(filter, page);
      },
      [&](const storage::PromiseRecord& promise) {
        ToProto(promise, response->add_promises());
      });
}

absl::Status PaymentPlanService::CreatePlanOp(
    grpc::ServerContext* context, const v1::CreatePlanRequest* request,
    v1::CreatePlanResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  RELANCE_ASSIGN_OR_RETURN(PlanInput input, PlanInputFromProto(*request));
  input.request_id = request_key;
  return Respond(env_->workflow()->CreatePlan(input, caller.user),
                 response->mutable_plan(), response);
}

absl::Status PaymentPlanService::CancelPlanOp(
    grpc::ServerContext* context, const v1::CancelPlanRequest* request,
    v1::CancelPlanResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "plan", request->plan_id(),
      [&](std::int64_t id) { return env_->workflow()->GetPlan(id); }));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  return Respond(env_->workflow()->CancelPlan(request_key, request->plan_id(),
                                              request->reason(), caller.user),
                 response->mutable_plan(), response);
}

absl::Status PaymentPlanService::GetPlanOp(grpc::ServerContext* context,
                                           const v1::GetPlanRequest* request,
                                           v1::GetPlanResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  absl::StatusOr<storage::PlanRecord> plan =
      env_->workflow()->GetPlan(request->plan_id());
  RELANCE_RETURN_IF_ERROR(
      CheckRecordScope(*env_, caller, "plan", request->plan_id(), plan));
  if (!plan.ok()) return plan.status();
  ToProto(*plan, response->mutable_plan());
  return absl::OkStatus();
}

absl::Status PaymentPlanService::ListPlansOp(
    grpc::ServerContext* context, const v1::ListPlansRequest* request,
    v1::ListPlansResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  FieldViolations violations;
  storage::PlanFilter filter{
      .client_id = OptionalId(request->client_id()),
      .invoice_id = OptionalId(request->invoice_id()),
      .state = StateFilter(request->state(), &PlanStateFromProto, violations)};
  filter.owner = caller.owner_scope();
  if (!violations.empty()) return violations.ToStatus();
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->workflow()->ListPlans(filter, page);
      },
      [&](const storage::PlanRecord& plan) {
        ToProto(plan, response->add_plans());
      });
}

}  // namespace relance::api
