#ifndef RELANCE_SERVER_API_CLIENT_SERVICE_H_
#define RELANCE_SERVER_API_CLIENT_SERVICE_H_

#include "relance/v1/client.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.ClientService: validates the request, calls the domain, converts
// the result.
class ClientService final : public v1::ClientService::Service {
 public:
  explicit ClientService(Environment* env) : env_(env) {}

  RELANCE_RPC(CreateClient, const v1::CreateClientRequest*,
              v1::CreateClientResponse*);
  RELANCE_RPC(GetClient, const v1::GetClientRequest*, v1::GetClientResponse*);
  RELANCE_RPC(ListClients, const v1::ListClientsRequest*,
              v1::ListClientsResponse*);
  RELANCE_RPC(UpdateClient, const v1::UpdateClientRequest*,
              v1::UpdateClientResponse*);
  RELANCE_RPC(BlockClientDunning, const v1::BlockClientDunningRequest*,
              v1::BlockClientDunningResponse*);
  RELANCE_RPC(UnblockClientDunning, const v1::UnblockClientDunningRequest*,
              v1::UnblockClientDunningResponse*);

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_CLIENT_SERVICE_H_
