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

}  // namespace relance::api
