#ifndef RELANCE_SERVER_API_PENALTY_SERVICE_H_
#define RELANCE_SERVER_API_PENALTY_SERVICE_H_

#include "relance/v1/penalty.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.PenaltyService: reads the invoice, its settlements, its client and
// the rate table, has the domain compute the breakdown, converts it.
class PenaltyService final : public v1::PenaltyService::Service {
 public:
  explicit PenaltyService(Environment* env) : env_(env) {}

  grpc::Status GetInvoicePenalties(
      grpc::ServerContext* context,
      const v1::GetInvoicePenaltiesRequest* request,
      v1::GetInvoicePenaltiesResponse* response) override;
  grpc::Status WaiveClaims(grpc::ServerContext* context,
                           const v1::WaiveClaimsRequest* request,
                           v1::WaiveClaimsResponse* response) override;
  grpc::Status ListPenaltyRates(
      grpc::ServerContext* context, const v1::ListPenaltyRatesRequest* request,
      v1::ListPenaltyRatesResponse* response) override;
  grpc::Status SetPenaltyRate(grpc::ServerContext* context,
                              const v1::SetPenaltyRateRequest* request,
                              v1::SetPenaltyRateResponse* response) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_PENALTY_SERVICE_H_
