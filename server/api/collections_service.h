#ifndef RELANCE_SERVER_API_COLLECTIONS_SERVICE_H_
#define RELANCE_SERVER_API_COLLECTIONS_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "relance/v1/collections.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.DisputeService.
class DisputeService final : public v1::DisputeService::Service {
 public:
  explicit DisputeService(Environment* env) : env_(env) {}

  RELANCE_RPC(OpenDispute, const v1::OpenDisputeRequest*,
              v1::OpenDisputeResponse*);
  RELANCE_RPC(CommentDispute, const v1::CommentDisputeRequest*,
              v1::CommentDisputeResponse*);
  RELANCE_RPC(ResolveDispute, const v1::ResolveDisputeRequest*,
              v1::ResolveDisputeResponse*);
  RELANCE_RPC(GetDispute, const v1::GetDisputeRequest*,
              v1::GetDisputeResponse*);
  RELANCE_RPC(ListDisputes, const v1::ListDisputesRequest*,
              v1::ListDisputesResponse*);

 private:
  Environment* env_;
};

// relance.v1.PromiseService.
class PromiseService final : public v1::PromiseService::Service {
 public:
  explicit PromiseService(Environment* env) : env_(env) {}

  RELANCE_RPC(MakePromise, const v1::MakePromiseRequest*,
              v1::MakePromiseResponse*);
  RELANCE_RPC(GetPromise, const v1::GetPromiseRequest*,
              v1::GetPromiseResponse*);
  RELANCE_RPC(ListPromises, const v1::ListPromisesRequest*,
              v1::ListPromisesResponse*);

 private:
  Environment* env_;
};

// relance.v1.PaymentPlanService.
class PaymentPlanService final : public v1::PaymentPlanService::Service {
 public:
  explicit PaymentPlanService(Environment* env) : env_(env) {}

  RELANCE_RPC(CreatePlan, const v1::CreatePlanRequest*,
              v1::CreatePlanResponse*);
  RELANCE_RPC(CancelPlan, const v1::CancelPlanRequest*,
              v1::CancelPlanResponse*);
  RELANCE_RPC(GetPlan, const v1::GetPlanRequest*, v1::GetPlanResponse*);
  RELANCE_RPC(ListPlans, const v1::ListPlansRequest*, v1::ListPlansResponse*);

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_COLLECTIONS_SERVICE_H_
