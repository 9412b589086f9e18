#ifndef RELANCE_SERVER_API_STATUS_MAPPING_H_
#define RELANCE_SERVER_API_STATUS_MAPPING_H_

#include <utility>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"
#include "storage/base/status_macros.h"

namespace relance {

// The one place where an absl::Status becomes a grpc::Status. Codes map one to
// one; field violations travel as a google.rpc.BadRequest inside the
// google.rpc.Status that gRPC sends in the `grpc-status-details-bin` trailer.
// Failures that are the server's own (INTERNAL, UNKNOWN, DATA_LOSS,
// UNAVAILABLE) are also logged.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace relance

// In a handler: returns ToGrpcStatus of `expr` (an absl::Status) unless OK.
#define RELANCE_GRPC_RETURN_IF_ERROR(expr)                              \
  do {                                                                  \
    if (absl::Status relance_status_ = (expr); !relance_status_.ok()) { \
      return ::relance::ToGrpcStatus(relance_status_);                  \
    }                                                                   \
  } while (false)

// In a handler: `lhs = *expr` (an absl::StatusOr), or returns ToGrpcStatus of
// its status.
#define RELANCE_GRPC_ASSIGN_OR_RETURN(lhs, expr) \
  RELANCE_GRPC_ASSIGN_OR_RETURN_IMPL(            \
      RELANCE_STATUS_CONCAT(relance_grpc_status_or_, __LINE__), lhs, expr)
#define RELANCE_GRPC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)     \
  auto tmp = (expr);                                           \
  if (!tmp.ok()) return ::relance::ToGrpcStatus(tmp.status()); \
  lhs = *std::move(tmp)

#endif  // RELANCE_SERVER_API_STATUS_MAPPING_H_
