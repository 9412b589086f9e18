#ifndef RELANCE_STORAGE_INTERFACES_USERS_H_
#define RELANCE_STORAGE_INTERFACES_USERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/interfaces/change_log.h"

// Who may call the server: users, their roles, and the tokens that stand for
// them. Only a token's SHA-256 is stored; its secret is shown once.
namespace relance::storage {

// Stored as "admin", "back_office", "sales_rep", "service", "auditor".
enum class UserRole { kAdmin, kBackOffice, kSalesRep, kService, kAuditor };

struct UserRecord {
  std::int64_t id = 0;
  // Unique; what clients.owner names for a sales rep.
  std::string name;
  UserRole role = UserRole::kBackOffice;
  bool disabled = false;
  absl::Time created = absl::UnixEpoch();
};

struct TokenRecord {
  std::int64_t id = 0;
  std::string user_name;
  std::string label;
  // Lower-case hex SHA-256 of the secret; unique.
  std::string secret_sha256;
  absl::Time created = absl::UnixEpoch();
  std::optional<absl::Time> expires;
  std::optional<absl::Time> revoked;
};

// A token found by its hash, with its user as they are now.
struct TokenHolder {
  TokenRecord token;
  UserRecord user;
};

// Every method is one transaction, and may also return UNAVAILABLE and INTERNAL
// (see repositories.h).
class UserRepository {
 public:
  virtual ~UserRepository() = default;

  // Inserts `user` (id assigned) and appends its change-log entry
  // (user.create, "user <name> (<role>)"). ALREADY_EXISTS if the name is
  // taken.
  virtual absl::StatusOr<UserRecord> CreateUser(const UserRecord& user,
                                                const Change& change) = 0;

  // When no user exists yet, inserts `admin` and `token` (for it) in one
  // transaction, with their change-log entries by kSystemActor (user.create
  // at admin.created, token.create at token.created), and returns the token;
  // when one does, returns nullopt and writes nothing. Two servers starting at
  // once on one database create one admin between them.
  virtual absl::StatusOr<std::optional<TokenRecord>> CreateFirstAdmin(
      const UserRecord& admin, const TokenRecord& token) = 0;

  // NOT_FOUND for an unknown name.
  virtual absl::StatusOr<UserRecord> GetUser(absl::string_view name) = 0;

  // Every user, by name.
  virtual absl::StatusOr<std::vector<UserRecord>> ListUsers() = 0;

  // Marks the user disabled (a disabled user stays disabled) and appends its
  // change-log entry (user.disable, "user <name>"); disabling a user already
  // disabled records nothing. NOT_FOUND for an unknown name.
  virtual absl::StatusOr<UserRecord> DisableUser(absl::string_view name,
                                                 const Change& change) = 0;

  // Inserts `token` (id assigned) for token.user_name and appends its
  // change-log entry (token.create, "token <id> of <user>"). NOT_FOUND for an
  // unknown user; FAILED_PRECONDITION for a disabled one; ALREADY_EXISTS if
  // the hash is already stored.
  virtual absl::StatusOr<TokenRecord> CreateToken(const TokenRecord& token,
                                                  const Change& change) = 0;

  // Sets `revoked` to `change.now` unless already set, and appends its
  // change-log entry (token.revoke, "token <id> of <user>"); revoking a token
  // already revoked changes and records nothing. Returns the token as it is
  // then. NOT_FOUND for an unknown id.
  virtual absl::StatusOr<TokenRecord> RevokeToken(std::int64_t id,
                                                  const Change& change) = 0;

  // The tokens of `user_name` (all users' when empty), by id. NOT_FOUND for an
  // unknown user.
  virtual absl::StatusOr<std::vector<TokenRecord>> ListTokens(
      absl::string_view user_name) = 0;

  // The token whose secret hashes to `secret_sha256`, with its user; nullopt
  // when there is none. Revoked and expired tokens are returned too: the caller
  // decides, against its clock.
  virtual absl::StatusOr<std::optional<TokenHolder>> FindToken(
      absl::string_view secret_sha256) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_USERS_H_
