#ifndef RELANCE_SERVER_API_STATUS_MAPPING_H_
#define RELANCE_SERVER_API_STATUS_MAPPING_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace relance {

// The one place where an absl::Status becomes a grpc::Status. Codes map one to
// one; field violations travel as a google.rpc.BadRequest inside the
// google.rpc.Status that gRPC sends in the `grpc-status-details-bin` trailer.
// Failures that are the server's own (INTERNAL, UNKNOWN, DATA_LOSS,
// UNAVAILABLE) are also logged.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace relance

// Declares the gRPC method `name` of a service: its override, one line through
// ToGrpcStatus, and `name`Op, the handler proper, which the service defines and
// which returns an absl::Status like the domain it calls. `request_type` and
// `response_type` are the method's own (a reader or a writer for streams), as
// in RELANCE_RPC(GetClient, const v1::GetClientRequest*, ...).
#define RELANCE_RPC(name, request_type, response_type)                      \
  grpc::Status name(grpc::ServerContext* context, request_type request,     \
                    response_type response) override {                      \
    return ::relance::ToGrpcStatus(name##Op(context, request, response));   \
  }                                                                         \
  absl::Status name##Op(grpc::ServerContext* context, request_type request, \
                        response_type response)

#endif  // RELANCE_SERVER_API_STATUS_MAPPING_H_
