#ifndef RELANCE_SERVER_API_CLIENT_SERVICE_H_
#define RELANCE_SERVER_API_CLIENT_SERVICE_H_

#include "relance/v1/client.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.ClientService: validates the request, calls the domain, converts
// the result.
class ClientService final : public v1::ClientService::Service {
 public:
  explicit ClientService(Environment* env) : env_(env) {}

  grpc::Status CreateClient(grpc::ServerContext* context,
                            const v1::CreateClientRequest* request,
                            v1::CreateClientResponse* response) override;
  grpc::Status GetClient(grpc::ServerContext* context,
                         const v1::GetClientRequest* request,
                         v1::GetClientResponse* response) override;
  grpc::Status ListClients(grpc::ServerContext* context,
                           const v1::ListClientsRequest* request,
                           v1::ListClientsResponse* response) override;
  grpc::Status UpdateClient(grpc::ServerContext* context,
                            const v1::UpdateClientRequest* request,
                            v1::UpdateClientResponse* response) override;
  grpc::Status BlockClientDunning(
      grpc::ServerContext* context,
      const v1::BlockClientDunningRequest* request,
      v1::BlockClientDunningResponse* response) override;
  grpc::Status UnblockClientDunning(
      grpc::ServerContext* context,
      const v1::UnblockClientDunningRequest* request,
      v1::UnblockClientDunningResponse* response) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_CLIENT_SERVICE_H_
