#include "storage/request_key_repository.h"

#include <soci/soci.h>

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace relance::storage {

absl::StatusOr<std::string> SqlRequestKeyRepository::Claim(
    absl::string_view key, absl::string_view fingerprint) {
  const std::string request_key(key);
  const std::string wanted(fingerprint);
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<std::string> {
        session << "INSERT INTO request_keys (request_key, fingerprint) "
                   "VALUES (:request_key, :fingerprint) "
                   "ON CONFLICT (request_key) DO NOTHING",
            soci::use(request_key, "request_key"),
            soci::use(wanted, "fingerprint");
        std::string stored;
        session << "SELECT fingerprint FROM request_keys "
                   "WHERE request_key = :request_key",
            soci::use(request_key, "request_key"), soci::into(stored);
        if (stored.empty()) {
          return absl::InternalError(
              "a request key claimed was not found in the same transaction");
        }
        return stored;
      });
}

}  // namespace relance::storage
