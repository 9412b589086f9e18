#ifndef RELANCE_STORAGE_USER_REPOSITORY_H_
#define RELANCE_STORAGE_USER_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/users.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// UserRepository over SQL, the same statements on SQLite and PostgreSQL but
// for the lock CreateFirstAdmin takes on PostgreSQL.
class SqlUserRepository final : public UserRepository {
 public:
  explicit SqlUserRepository(TransactionRunner* runner) : runner_(runner) {}

  absl::StatusOr<UserRecord> CreateUser(const UserRecord& user,
                                        const Change& change) override;
  absl::StatusOr<std::optional<TokenRecord>> CreateFirstAdmin(
      const UserRecord& admin, const TokenRecord& token) override;
  absl::StatusOr<UserRecord> GetUser(absl::string_view name) override;
  absl::StatusOr<std::vector<UserRecord>> ListUsers() override;
  absl::StatusOr<UserRecord> DisableUser(absl::string_view name,
                                         const Change& change) override;
  absl::StatusOr<TokenRecord> CreateToken(const TokenRecord& token,
                                          const Change& change) override;
  absl::StatusOr<TokenRecord> RevokeToken(std::int64_t id,
                                          const Change& change) override;
  absl::StatusOr<std::vector<TokenRecord>> ListTokens(
      absl::string_view user_name) override;
  absl::StatusOr<std::optional<TokenHolder>> FindToken(
      absl::string_view secret_sha256) override;

 private:
  TransactionRunner* runner_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_USER_REPOSITORY_H_
