#ifndef RELANCE_SERVER_API_REQUEST_CHECKS_H_
#define RELANCE_SERVER_API_REQUEST_CHECKS_H_

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/domain/field_violations.h"

// Checks of request fields that belong to the API rather than to the domain.
namespace relance::api {

// request_id: optional, at most 128 printable ASCII characters (a UUID fits).
void CheckRequestId(absl::string_view request_id, FieldViolations& violations);

// An optional date filter: nullopt when empty, a violation when malformed.
std::optional<absl::CivilDay> OptionalDate(absl::string_view field,
                                           absl::string_view text,
                                           FieldViolations& violations);

// An optional instant: nullopt when unset; a violation naming `field` when
// out of range.
std::optional<absl::Time> OptionalTime(absl::string_view field, bool present,
                                       const google::protobuf::Timestamp& time,
                                       FieldViolations& violations);

// An optional id: 0 (proto3's unset) is none.
std::optional<std::int64_t> OptionalId(std::int64_t id);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_REQUEST_CHECKS_H_
