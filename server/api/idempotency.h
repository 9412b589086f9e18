#ifndef RELANCE_SERVER_API_IDEMPOTENCY_H_
#define RELANCE_SERVER_API_IDEMPOTENCY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "server/domain/access.h"
#include "server/environment.h"

namespace relance::api {

// The idempotency key to store for `request_id` (the request's own field),
// checked with CheckRequestId first: empty for an empty id. The key is the
// caller's and the method's (a hash of the user, the request's type and the
// id), so that a replay returns the stored object to the caller who created
// it only, and another caller's same id is a new request. The first request
// sent with a key is remembered by its fingerprint; ALREADY_EXISTS naming
// request_id when the caller sends the same id with different content
// (another amount, another invoice). UNAVAILABLE, INTERNAL.
absl::StatusOr<std::string> IdempotencyKey(
    Environment& env, const Caller& caller,
    const google::protobuf::Message& request, absl::string_view request_id);

// CheckRequestId, then IdempotencyKey: what a create or a change that carries
// a request_id starts with. INVALID_ARGUMENT naming request_id for an id that
// is not one, then the errors of IdempotencyKey.
absl::StatusOr<std::string> RequestKey(Environment& env, const Caller& caller,
                                       const google::protobuf::Message& request,
                                       absl::string_view request_id);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_IDEMPOTENCY_H_
