#ifndef RELANCE_STORAGE_REQUEST_KEY_REPOSITORY_H_
#define RELANCE_STORAGE_REQUEST_KEY_REPOSITORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/request_keys.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// RequestKeyRepository over SQL: the request_keys table (migration 0014), the
// same statements on SQLite and PostgreSQL.
class SqlRequestKeyRepository final : public RequestKeyRepository {
 public:
  explicit SqlRequestKeyRepository(TransactionRunner* runner)
      : runner_(runner) {}

  absl::StatusOr<std::string> Claim(absl::string_view key,
                                    absl::string_view fingerprint) override;

 private:
  TransactionRunner* runner_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_REQUEST_KEY_REPOSITORY_H_
