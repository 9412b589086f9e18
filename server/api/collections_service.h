#ifndef RELANCE_SERVER_API_COLLECTIONS_SERVICE_H_
#define RELANCE_SERVER_API_COLLECTIONS_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "relance/v1/collections.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.DisputeService.
class DisputeService final : public v1::DisputeService::Service {
 public:
  explicit DisputeService(Environment* env) : env_(env) {}

  grpc::Status OpenDispute(grpc::ServerContext* context,
                           const v1::OpenDisputeRequest* request,
                           v1::OpenDisputeResponse* response) override;
  grpc::Status CommentDispute(grpc::ServerContext* context,
                              const v1::CommentDisputeRequest* request,
                              v1::CommentDisputeResponse* response) override;
  grpc::Status ResolveDispute(grpc::ServerContext* context,
                              const v1::ResolveDisputeRequest* request,
                              v1::ResolveDisputeResponse* response) override;
  grpc::Status GetDispute(grpc::ServerContext* context,
                          const v1::GetDisputeRequest* request,
                          v1::GetDisputeResponse* response) override;
  grpc::Status ListDisputes(grpc::ServerContext* context,
                            const v1::ListDisputesRequest* request,
                            v1::ListDisputesResponse* response) override;

 private:
  Environment* env_;
};

// relance.v1.PromiseService.
class PromiseService final : public v1::PromiseService::Service {
 public:
  explicit PromiseService(Environment* env) : env_(env) {}

  grpc::Status MakePromise(grpc::ServerContext* context,
                           const v1::MakePromiseRequest* request,
                           v1::MakePromiseResponse* response) override;
  grpc::Status GetPromise(grpc::ServerContext* context,
                          const v1::GetPromiseRequest* request,
                          v1::GetPromiseResponse* response) override;
  grpc::Status ListPromises(grpc::ServerContext* context,
                            const v1::ListPromisesRequest* request,
                            v1::ListPromisesResponse* response) override;

 private:
  Environment* env_;
};

// relance.v1.PaymentPlanService.
class PaymentPlanService final : public v1::PaymentPlanService::Service {
 public:
  explicit PaymentPlanService(Environment* env) : env_(env) {}

  grpc::Status CreatePlan(grpc::ServerContext* context,
                          const v1::CreatePlanRequest* request,
                          v1::CreatePlanResponse* response) override;
  grpc::Status CancelPlan(grpc::ServerContext* context,
                          const v1::CancelPlanRequest* request,
                          v1::CancelPlanResponse* response) override;
  grpc::Status GetPlan(grpc::ServerContext* context,
                       const v1::GetPlanRequest* request,
                       v1::GetPlanResponse* response) override;
  grpc::Status ListPlans(grpc::ServerContext* context,
                         const v1::ListPlansRequest* request,
                         v1::ListPlansResponse* response) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_COLLECTIONS_SERVICE_H_
