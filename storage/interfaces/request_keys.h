#ifndef RELANCE_STORAGE_INTERFACES_REQUEST_KEYS_H_
#define RELANCE_STORAGE_INTERFACES_REQUEST_KEYS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace relance::storage {

// The fingerprint of the request each idempotency key was first used for: a
// key (the caller, the method and the caller's request_id, hashed) names one
// request, and a replay with other content is told from a true retry by it.
// Every method is one transaction; UNAVAILABLE and INTERNAL as every
// repository (see repositories.h).
class RequestKeyRepository {
 public:
  virtual ~RequestKeyRepository() = default;

  // Stores `fingerprint` under `key` unless the key holds one already, and
  // returns what the key holds: `fingerprint` when it was stored now or is the
  // same, the first request's otherwise. Concurrent claims of one key agree.
  virtual absl::StatusOr<std::string> Claim(absl::string_view key,
                                            absl::string_view fingerprint) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_REQUEST_KEYS_H_
