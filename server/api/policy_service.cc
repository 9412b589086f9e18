#include "server/api/policy_service.h"

#include <utility>

#include "server/api/authorization.h"
#include "server/api/dunning_conversions.h"
#include "server/api/idempotency.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/api/status_mapping.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"

namespace relance::api {

absl::Status PolicyService::CreatePolicyOp(
    grpc::ServerContext* context, const v1::CreatePolicyRequest* request,
    v1::CreatePolicyResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  absl::StatusOr<storage::PolicyRecord> draft =
      PolicyFromProto(request->policy());
  if (!draft.ok()) return PrefixFieldViolations(draft.status(), "policy.");
  absl::StatusOr<storage::PolicyRecord> policy =
      env_->policies()->Create(*std::move(draft), request_key, caller.user);
  if (!policy.ok()) return PrefixFieldViolations(policy.status(), "policy.");
  ToProto(*policy, response->mutable_policy());
  return absl::OkStatus();
}

absl::Status PolicyService::GetPolicyOp(grpc::ServerContext* context,
                                        const v1::GetPolicyRequest* request,
                                        v1::GetPolicyResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRead, *request).status());
  absl::StatusOr<storage::PolicyRecord> policy =
      env_->policies()->Get(request->policy_id());
  if (!policy.ok()) return policy.status();
  ToProto(*policy, response->mutable_policy());
  return absl::OkStatus();
}

absl::Status PolicyService::ListPoliciesOp(
    grpc::ServerContext* context, const v1::ListPoliciesRequest* request,
    v1::ListPoliciesResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRead, *request).status());
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->policies()->List(page);
      },
      [&](const storage::PolicyRecord& policy) {
        ToProto(policy, response->add_policies());
      });
}

absl::Status PolicyService::UpdatePolicyOp(
    grpc::ServerContext* context, const v1::UpdatePolicyRequest* request,
    v1::UpdatePolicyResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  absl::StatusOr<storage::PolicyRecord> replacement =
      PolicyFromProto(request->policy());
  if (!replacement.ok())
    return PrefixFieldViolations(replacement.status(), "policy.");
  replacement->id = request->policy().id();
  absl::StatusOr<storage::PolicyRecord> policy = env_->policies()->Update(
      *std::move(replacement), request->policy().etag(), caller.user);
  if (!policy.ok()) return PrefixFieldViolations(policy.status(), "policy.");
  ToProto(*policy, response->mutable_policy());
  return absl::OkStatus();
}

absl::Status PolicyService::SetDefaultPolicyOp(
    grpc::ServerContext* context, const v1::SetDefaultPolicyRequest* request,
    v1::SetDefaultPolicyResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  absl::StatusOr<storage::PolicyRecord> policy =
      env_->policies()->SetDefault(request->policy_id(), caller.user);
  if (!policy.ok()) return policy.status();
  ToProto(*policy, response->mutable_policy());
  return absl::OkStatus();
}

absl::Status PolicyService::AssignPolicyOp(
    grpc::ServerContext* context, const v1::AssignPolicyRequest* request,
    v1::AssignPolicyResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  absl::StatusOr<storage::PolicyRecord> policy = env_->policies()->Assign(
      request->client_id(), request->policy_id(), caller.user);
  if (!policy.ok()) return policy.status();
  ToProto(*policy, response->mutable_policy());
  return absl::OkStatus();
}

}  // namespace relance::api
