#ifndef RELANCE_TESTS_TESTING_ALWAYS_SERVING_HEALTH_H_
#define RELANCE_TESTS_TESTING_ALWAYS_SERVING_HEALTH_H_

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <utility>

#include "grpc/health/v1/health.grpc.pb.h"

namespace relance::testing {

// A health service that is always serving, for tests of transport security
// that need a server but none of relanced's services. (gRPC's default health
// service would need a synchronous service of the server's own to poll.)
struct AlwaysServingHealth final : grpc::health::v1::Health::Service {
  grpc::Status Check(grpc::ServerContext*,
                     const grpc::health::v1::HealthCheckRequest*,
                     grpc::health::v1::HealthCheckResponse* response) override {
    response->set_status(grpc::health::v1::HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }
};

// AlwaysServingHealth served on a free 127.0.0.1 port with `credentials`;
// stopped with this object.
class HealthServer {
 public:
  // nullptr when the server cannot start.
  static std::unique_ptr<HealthServer> Start(
      std::shared_ptr<grpc::ServerCredentials> credentials) {
    std::unique_ptr<HealthServer> server(new HealthServer());
    grpc::ServerBuilder builder;
    builder.RegisterService(&server->health_);
    builder.AddListeningPort("127.0.0.1:0", std::move(credentials),
                             &server->port_);
    server->server_ = builder.BuildAndStart();
    if (server->server_ == nullptr) return nullptr;
    return server;
  }
  ~HealthServer() { server_->Shutdown(); }

  int port() const { return port_; }

 private:
  HealthServer() = default;

  AlwaysServingHealth health_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_ALWAYS_SERVING_HEALTH_H_
