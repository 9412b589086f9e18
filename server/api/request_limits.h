#ifndef RELANCE_SERVER_API_REQUEST_LIMITS_H_
#define RELANCE_SERVER_API_REQUEST_LIMITS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

// Size limits every request obeys, whatever the handler: they bound the memory
// and the database rows one call can cost before any domain check runs.
namespace relance::api {

// The longest string (or bytes) field accepted, unless the field is one of the
// long texts below.
inline constexpr std::size_t kMaxStringBytes = 4 * 1024;
// Free text people write (notes, call notes, dispute reasons, comments and
// resolutions): the domain caps it at 20000 characters, up to 4 bytes each.
inline constexpr std::size_t kMaxFreeTextBytes = 80 * 1024;
// The most elements of a repeated field, unless the field is named below.
inline constexpr int kMaxRepeatedElements = 1000;
// The most rows one ImportInvoicesRequest may carry: bounds a transaction and a
// message.
inline constexpr int kMaxImportRowsPerMessage = 5000;

// Checks every string, bytes and repeated field of `request`, nested messages
// included, against the limits above (template sources and render data get
// the domain's kMaxPartSourceBytes). OK, or INVALID_ARGUMENT with a field
// violation per offending field, named by its path in the request
// ("client.postal_address_lines[2]", "rows[7].client_name"). Enum fields,
// repeated ones included, must hold a number their enum defines.
absl::Status CheckRequestLimits(const google::protobuf::Message& request);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_REQUEST_LIMITS_H_
