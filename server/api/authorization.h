#ifndef RELANCE_SERVER_API_AUTHORIZATION_H_
#define RELANCE_SERVER_API_AUTHORIZATION_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "server/domain/access.h"
#include "server/domain/errors.h"
#include "server/environment.h"

// Who is calling and whether they may: the first thing every handler does.
namespace relance::api {

// The request metadata that carries the caller's token: "Bearer rl_...".
inline constexpr char kAuthorizationMetadata[] = "authorization";

// Authenticates the call by its bearer token, checks that the caller's role
// allows `permission`, then that `request` is within the request limits.
// UNAUTHENTICATED (no, unknown, revoked or expired token; disabled user),
// PERMISSION_DENIED, INVALID_ARGUMENT (a field over its limit), and the
// storage errors UNAVAILABLE and INTERNAL.
absl::StatusOr<Caller> Authorize(const grpc::ServerContextBase& context,
                                 Environment& env, Permission permission,
                                 const google::protobuf::Message& request);

// Authorize for a call whose request messages are read later (client
// streams), which check each message's limits as they come.
absl::StatusOr<Caller> Authorize(const grpc::ServerContextBase& context,
                                 Environment& env, Permission permission);

// OK when the caller may touch the client: always, but for a sales rep only
// when they own it. PERMISSION_DENIED otherwise, whether or not the client
// exists, so that a rep cannot probe other reps' clients; UNAVAILABLE,
// INTERNAL.
absl::Status CheckClientScope(Environment& env, const Caller& caller,
                              std::int64_t client_id);

// CheckClientScope for the client of the invoice; PERMISSION_DENIED for a sales
// rep and an unknown invoice.
absl::Status CheckInvoiceScope(Environment& env, const Caller& caller,
                               std::int64_t invoice_id);

// For a record with a client_id read by its id (`what` and `id` name it in
// the error): for a sales rep, PERMISSION_DENIED when it is missing or not of
// one of their clients; otherwise the record's own status.
template <typename Record>
absl::Status CheckRecordScope(Environment& env, const Caller& caller,
                              absl::string_view what, std::int64_t id,
                              const absl::StatusOr<Record>& record) {
  if (!caller.owner_scope().has_value()) return record.status();
  if (absl::IsNotFound(record.status())) return errors::OutsideScope(what, id);
  if (!record.ok()) return record.status();
  absl::Status scope = CheckClientScope(env, caller, record->client_id);
  if (absl::IsPermissionDenied(scope)) return errors::OutsideScope(what, id);
  return scope;
}

// CheckRecordScope of `fetch(id)`, which is called for sales reps only: the
// check before changing a record.
template <typename Fetch>
absl::Status CheckScopeBeforeChange(Environment& env, const Caller& caller,
                                    absl::string_view what, std::int64_t id,
                                    Fetch fetch) {
  if (!caller.owner_scope().has_value()) return absl::OkStatus();
  return CheckRecordScope(env, caller, what, id, fetch(id));
}

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_AUTHORIZATION_H_
