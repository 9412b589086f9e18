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

#endif  // RELANCE_SERVER_API_STATUS_MAPPING_H_
