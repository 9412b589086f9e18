#include "server/api/policy_service.h"

#include <utility>

#include "server/api/authorization.h"
#include "server/api/dunning_conversions.h"
#include "server/api/idempotency.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/api/status_mapping.h"
#include "server/domain/field_violations.h"

namespace relance::api {

grpc::Status PolicyService::CreatePolicy(grpc::ServerContext* context,
                                         const v1::CreatePolicyRequest* request,
                                         v1::CreatePolicyResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  FieldViolations violations;
  CheckRequestId(request->request_id(), violations);
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const std::string request_key,
      IdempotencyKey(*env_, caller, *request, request->request_id()));
  absl::StatusOr<storage::PolicyRecord> draft =
      PolicyFromProto(request->policy());
  if (!draft.ok())
    return ToGrpcStatus(PrefixFieldViolations(draft.status(), "policy."));
  absl::StatusOr<storage::PolicyRecord> policy =
      env_->policies()->Create(*std::move(draft), request_key, caller.user);
  if (!policy.ok())
    return ToGrpcStatus(PrefixFieldViolations(policy.status(), "policy."));
  ToProto(*policy, response->mutable_policy());
  return grpc::Status::OK;
}

grpc::Status PolicyService::GetPolicy(grpc::ServerContext* context,
                                      const v1::GetPolicyRequest* request,
                                      v1::GetPolicyResponse* response) {
  RELANCE_GRPC_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRead, *request).status());
  absl::StatusOr<storage::PolicyRecord> policy =
      env_->policies()->Get(request->policy_id());
  if (!policy.ok()) return ToGrpcStatus(policy.status());
  ToProto(*policy, response->mutable_policy());
  return grpc::Status::OK;
}

grpc::Status PolicyService::ListPolicies(grpc::ServerContext* context,
                                         const v1::ListPoliciesRequest* request,
                                         v1::ListPoliciesResponse* response) {
  RELANCE_GRPC_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRead, *request).status());
  absl::StatusOr<storage::PageRequest> page =
      ParsePageRequest(request->page_size(), request->page_token());
  if (!page.ok()) return ToGrpcStatus(page.status());
  absl::StatusOr<storage::Page<storage::PolicyRecord>> policies =
      env_->policies()->List(*page);
  if (!policies.ok()) return ToGrpcStatus(policies.status());
  for (const storage::PolicyRecord& policy : policies->items) {
    ToProto(policy, response->add_policies());
  }
  response->set_next_page_token(NextPageToken(policies->next_after_id));
  return grpc::Status::OK;
}

grpc::Status PolicyService::UpdatePolicy(grpc::ServerContext* context,
                                         const v1::UpdatePolicyRequest* request,
                                         v1::UpdatePolicyResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  absl::StatusOr<storage::PolicyRecord> replacement =
      PolicyFromProto(request->policy());
  if (!replacement.ok())
    return ToGrpcStatus(PrefixFieldViolations(replacement.status(), "policy."));
  replacement->id = request->policy().id();
  absl::StatusOr<storage::PolicyRecord> policy = env_->policies()->Update(
      *std::move(replacement), request->policy().etag(), caller.user);
  if (!policy.ok())
    return ToGrpcStatus(PrefixFieldViolations(policy.status(), "policy."));
  ToProto(*policy, response->mutable_policy());
  return grpc::Status::OK;
}

grpc::Status PolicyService::SetDefaultPolicy(
    grpc::ServerContext* context, const v1::SetDefaultPolicyRequest* request,
    v1::SetDefaultPolicyResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  absl::StatusOr<storage::PolicyRecord> policy =
      env_->policies()->SetDefault(request->policy_id(), caller.user);
  if (!policy.ok()) return ToGrpcStatus(policy.status());
  ToProto(*policy, response->mutable_policy());
  return grpc::Status::OK;
}

grpc::Status PolicyService::AssignPolicy(grpc::ServerContext* context,
                                         const v1::AssignPolicyRequest* request,
                                         v1::AssignPolicyResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  absl::StatusOr<storage::PolicyRecord> policy = env_->policies()->Assign(
      request->client_id(), request->policy_id(), caller.user);
  if (!policy.ok()) return ToGrpcStatus(policy.status());
  ToProto(*policy, response->mutable_policy());
  return grpc::Status::OK;
}

}  // namespace relance::api
