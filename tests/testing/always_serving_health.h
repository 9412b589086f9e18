#ifndef RELANCE_TESTS_TESTING_ALWAYS_SERVING_HEALTH_H_
#define RELANCE_TESTS_TESTING_ALWAYS_SERVING_HEALTH_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

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

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_ALWAYS_SERVING_HEALTH_H_
