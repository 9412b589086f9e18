#include "server/api/paging.h"

#include <cstdint>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/domain/field_violations.h"

namespace relance::api {
namespace {

// Tokens are opaque to callers; the prefix versions the format.
constexpr absl::string_view kTokenPrefix = "after:";

}  // namespace

absl::StatusOr<storage::PageRequest> ParsePageRequest(
    int32_t page_size, absl::string_view page_token) {
  FieldViolations violations;
  storage::PageRequest page;
  if (page_size < 0) {
    violations.Add("page_size", "must not be negative");
  } else {
    page.limit = page_size == 0 ? kDefaultPageSize
                                : std::min<int32_t>(page_size, kMaxPageSize);
  }
  if (!page_token.empty()) {
    std::string decoded;
    std::int64_t after_id = 0;
    if (!absl::WebSafeBase64Unescape(page_token, &decoded) ||
        !absl::StartsWith(decoded, kTokenPrefix) ||
        !absl::SimpleAtoi(decoded.substr(kTokenPrefix.size()), &after_id) ||
        after_id < 0) {
      violations.Add("page_token",
                     "is not a token returned by a previous page");
    } else {
      page.after_id = after_id;
    }
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return page;
}

std::string NextPageToken(const std::optional<std::int64_t>& next_after_id) {
  if (!next_after_id.has_value()) return "";
  return absl::WebSafeBase64Escape(absl::StrCat(kTokenPrefix, *next_after_id));
}

}  // namespace relance::api
