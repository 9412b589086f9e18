#ifndef RELANCE_SERVER_API_CALLER_H_
#define RELANCE_SERVER_API_CALLER_H_

#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/domain/field_violations.h"

// Who is calling, and request fields every workflow call shares.
namespace relance::api {

// The request metadata that names the user a change is recorded for, until
// authentication names them (see README "Collections workflow").
inline constexpr char kUserMetadata[] = "relance-user";
// The actor of a call without the metadata.
inline constexpr char kAnonymousActor[] = "anonymous";

// The user named by the `relance-user` metadata: printable ASCII without
// spaces, at most 64 characters; kAnonymousActor when it is missing or
// malformed.
std::string ActorOf(const grpc::ServerContext& context);

// An optional instant: nullopt when unset; a violation naming `field` when
// out of range.
std::optional<absl::Time> OptionalTime(absl::string_view field, bool present,
                                       const google::protobuf::Timestamp& time,
                                       FieldViolations& violations);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_CALLER_H_
