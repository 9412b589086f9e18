#ifndef RELANCE_SERVER_API_POLICY_SERVICE_H_
#define RELANCE_SERVER_API_POLICY_SERVICE_H_

#include "relance/v1/policy.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.PolicyService.
class PolicyService final : public v1::PolicyService::Service {
 public:
  explicit PolicyService(Environment* env) : env_(env) {}

  grpc::Status CreatePolicy(grpc::ServerContext* context,
                            const v1::CreatePolicyRequest* request,
                            v1::CreatePolicyResponse* response) override;
  grpc::Status GetPolicy(grpc::ServerContext* context,
                         const v1::GetPolicyRequest* request,
                         v1::GetPolicyResponse* response) override;
  grpc::Status ListPolicies(grpc::ServerContext* context,
                            const v1::ListPoliciesRequest* request,
                            v1::ListPoliciesResponse* response) override;
  grpc::Status UpdatePolicy(grpc::ServerContext* context,
                            const v1::UpdatePolicyRequest* request,
                            v1::UpdatePolicyResponse* response) override;
  grpc::Status SetDefaultPolicy(
      grpc::ServerContext* context, const v1::SetDefaultPolicyRequest* request,
      v1::SetDefaultPolicyResponse* response) override;
  grpc::Status AssignPolicy(grpc::ServerContext* context,
                            const v1::AssignPolicyRequest* request,
                            v1::AssignPolicyResponse* response) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_POLICY_SERVICE_H_
