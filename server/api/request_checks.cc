#include "server/api/request_checks.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/domain/validation.h"

namespace relance::api {

void CheckRequestId(absl::string_view request_id, FieldViolations& violations) {
  if (request_id.size() > 128) {
    violations.Add("request_id", "must be at most 128 characters long");
    return;
  }
  for (unsigned char c : request_id) {
    if (c <= 0x20 || c >= 0x7F) {
      violations.Add("request_id", "must be printable ASCII without spaces");
      return;
    }
  }
}

std::optional<absl::CivilDay> OptionalDate(absl::string_view field,
                                           absl::string_view text,
                                           FieldViolations& violations) {
  if (text.empty()) return std::nullopt;
  return CheckDate(violations, field, text);
}

std::optional<std::int64_t> OptionalId(std::int64_t id) {
  if (id == 0) return std::nullopt;
  return id;
}

std::optional<absl::Time> OptionalTime(absl::string_view field, bool present,
                                       const google::protobuf::Timestamp& time,
                                       FieldViolations& violations) {
  if (!present) return std::nullopt;
  // The range google.protobuf.Timestamp allows: years 1 to 9999.
  constexpr std::int64_t kMinSeconds = -62135596800;
  constexpr std::int64_t kMaxSeconds = 253402300799;
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds ||
      time.nanos() < 0 || time.nanos() > 999999999) {
    violations.Add(std::string(field), "is not a valid timestamp");
    return std::nullopt;
  }
  return absl::FromUnixSeconds(time.seconds()) +
         absl::Nanoseconds(time.nanos());
}

}  // namespace relance::api
