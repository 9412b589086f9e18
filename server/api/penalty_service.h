#ifndef RELANCE_SERVER_API_PENALTY_SERVICE_H_
#define RELANCE_SERVER_API_PENALTY_SERVICE_H_

#include "relance/v1/penalty.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.PenaltyService: reads the invoice, its settlements, its client and
// the rate table, has the domain compute the breakdown, converts it.
class PenaltyService final : public v1::PenaltyService::Service {
 public:
  explicit PenaltyService(Environment* env) : env_(env) {}

  RELANCE_RPC(GetInvoicePenalties, const v1::GetInvoicePenaltiesRequest*,
              v1::GetInvoicePenaltiesResponse*);
  RELANCE_RPC(WaiveClaims, const v1::WaiveClaimsRequest*,
              v1::WaiveClaimsResponse*);
  RELANCE_RPC(ListPenaltyRates, const v1::ListPenaltyRatesRequest*,
              v1::ListPenaltyRatesResponse*);
  RELANCE_RPC(SetPenaltyRate, const v1::SetPenaltyRateRequest*,
              v1::SetPenaltyRateResponse*);

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_PENALTY_SERVICE_H_
