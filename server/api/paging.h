#ifndef RELANCE_SERVER_API_PAGING_H_
#define RELANCE_SERVER_API_PAGING_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/records.h"

namespace relance::api {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

// The storage page a List request asks for. A page size of 0 means the default;
// larger than the maximum is capped. INVALID_ARGUMENT (fields page_size,
// page_token) for a negative size or a token this server did not issue.
absl::StatusOr<storage::PageRequest> ParsePageRequest(
    int32_t page_size, absl::string_view page_token);

// Empty when there is no next page.
std::string NextPageToken(const std::optional<std::int64_t>& next_after_id);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_PAGING_H_
