#ifndef RELANCE_SERVER_API_POLICY_SERVICE_H_
#define RELANCE_SERVER_API_POLICY_SERVICE_H_

#include "relance/v1/policy.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.PolicyService.
class PolicyService final : public v1::PolicyService::Service {
 public:
  explicit PolicyService(Environment* env) : env_(env) {}

  RELANCE_RPC(CreatePolicy, const v1::CreatePolicyRequest*,
              v1::CreatePolicyResponse*);
  RELANCE_RPC(GetPolicy, const v1::GetPolicyRequest*, v1::GetPolicyResponse*);
  RELANCE_RPC(ListPolicies, const v1::ListPoliciesRequest*,
              v1::ListPoliciesResponse*);
  RELANCE_RPC(UpdatePolicy, const v1::UpdatePolicyRequest*,
              v1::UpdatePolicyResponse*);
  RELANCE_RPC(SetDefaultPolicy, const v1::SetDefaultPolicyRequest*,
              v1::SetDefaultPolicyResponse*);
  RELANCE_RPC(AssignPolicy, const v1::AssignPolicyRequest*,
              v1::AssignPolicyResponse*);

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_POLICY_SERVICE_H_
