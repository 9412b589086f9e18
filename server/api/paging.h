#ifndef RELANCE_SERVER_API_PAGING_H_
#define RELANCE_SERVER_API_PAGING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/base/status_macros.h"
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

// The body of a List RPC once the caller is authorised and the filter built:
// the page `request` asks for (ParsePageRequest) is read by `list` (a
// storage::PageRequest -> absl::StatusOr<storage::Page<Record>>), each record
// goes to `add`, and the response gets the next page token. The errors of
// ParsePageRequest, then of `list`.
template <typename Request, typename Response, typename List, typename Add>
absl::Status ServePage(const Request& request, Response* response, List&& list,
                       Add&& add) {
  RELANCE_ASSIGN_OR_RETURN(
      const storage::PageRequest page,
      ParsePageRequest(request.page_size(), request.page_token()));
  RELANCE_ASSIGN_OR_RETURN(const auto records, std::forward<List>(list)(page));
  for (const auto& record : records.items) add(record);
  response->set_next_page_token(NextPageToken(records.next_after_id));
  return absl::OkStatus();
}

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_PAGING_H_
