#ifndef RELANCE_SERVER_API_CALLER_H_
#define RELANCE_SERVER_API_CALLER_H_

#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>

#include "absl/status/statusor.h"
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
// The request metadata that names the caller's role, until authentication
// establishes it (issue 7): admin, back_office, sales_rep, service, auditor.
inline constexpr char kRoleMetadata[] = "relance-role";

// What a caller may see and do.
enum class Role { kAdmin, kBackOffice, kSalesRep, kService, kAuditor };

// The user named by the `relance-user` metadata: printable ASCII without
// spaces, at most 64 characters; kAnonymousActor when it is missing or
// malformed.
std::string ActorOf(const grpc::ServerContextBase& context);

// The role named by the `relance-role` metadata; kBackOffice when it is
// missing. INVALID_ARGUMENT naming the metadata for an unknown role: a caller
// that asks for a narrower scope must not silently get a wider one.
absl::StatusOr<Role> RoleOf(const grpc::ServerContextBase& context);

// An optional instant: nullopt when unset; a violation naming `field` when
// out of range.
std::optional<absl::Time> OptionalTime(absl::string_view field, bool present,
                                       const google::protobuf::Timestamp& time,
                                       FieldViolations& violations);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_CALLER_H_
