#ifndef RELANCE_SERVER_DOMAIN_ACCESS_H_
#define RELANCE_SERVER_DOMAIN_ACCESS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/base/clock.h"
#include "storage/interfaces/users.h"

// Who may call the server and what each role may do.
namespace relance {

// What a call does, as far as roles are concerned. Which clients it touches
// is checked separately (Caller::owner_scope).
enum class Permission {
  // Reads clients, invoices, reminders, the timeline, events, policies,
  // templates and rates.
  kRead,
  // Changes clients, invoices, payments and the collections workflow.
  kChangeData,
  // Previews and runs dunning, prints letters.
  kRunDunning,
  // Changes policies, templates and penalty rates.
  kConfigure,
  // Reads users and tokens (never secrets).
  kReadUsers,
  // Creates and disables users, issues and revokes tokens.
  kManageUsers,
  // Copies the whole database.
  kBackup,
  // Waives interest, the indemnity or fees (a "remise gracieuse"): a credit
  // decision, the back office's, not a sales rep's nor a service's.
  kWaiveClaims,
};

// Whether `role` allows `permission`: admin everything; back office
// everything but users and backups; sales rep and service read and change
// data (a rep only their own clients'); auditor reads, users included.
bool RoleAllows(storage::UserRole role, Permission permission);

// "admin", "back_office", "sales_rep", "service", "auditor".
absl::string_view RoleName(storage::UserRole role);

// The authenticated caller of one call.
struct Caller {
  std::string user;
  storage::UserRole role = storage::UserRole::kAuditor;
  std::int64_t token_id = 0;

  // The owner whose clients alone the caller may see and change: the rep
  // themselves for a sales rep; nullopt (every client) for other roles.
  std::optional<std::string> owner_scope() const;
};

// A token as issued: its record and the secret, shown this once.
struct IssuedToken {
  storage::TokenRecord token;
  std::string secret;
};

// A new token secret: "rl_" followed by 32 bytes from OpenSSL's CSPRNG in
// unpadded base64url. INTERNAL if the generator fails.
absl::StatusOr<std::string> MintTokenSecret();

// Lower-case hex SHA-256 of `secret`: what is stored and looked up.
std::string TokenHash(absl::string_view secret);

// Users and tokens, and authentication of calls. Thread-safe.
class Access {
 public:
  // The name given to the admin created on first start.
  static constexpr char kFirstAdminName[] = "admin";

  Access(storage::UserRepository* users, Clock* clock)
      : users_(users), clock_(clock) {}

  // The caller a secret stands for. UNAUTHENTICATED when the secret is empty,
  // unknown, revoked or expired, or its user is disabled (the message says
  // which, without echoing the secret).
  absl::StatusOr<Caller> Authenticate(absl::string_view secret);

  // OK when the caller's role allows `permission`; PERMISSION_DENIED naming
  // the role otherwise.
  static absl::Status Check(const Caller& caller, Permission permission);

  // When the database has no user yet, creates the admin and a token for it
  // (one transaction) and returns it; nullopt when users exist.
  absl::StatusOr<std::optional<IssuedToken>> CreateFirstAdmin();

  // The writes below record `actor` (or `by`), the caller's user name, in the
  // change log.
  //
  // INVALID_ARGUMENT (name) for a name that is not 1 to 64 of letters,
  // digits, '.', '_', '-', '@'; ALREADY_EXISTS if taken.
  absl::StatusOr<storage::UserRecord> CreateUser(absl::string_view name,
                                                 storage::UserRole role,
                                                 absl::string_view actor);
  absl::StatusOr<std::vector<storage::UserRecord>> ListUsers();
  // FAILED_PRECONDITION when `by` disables themselves (an admin locking
  // everyone out); NOT_FOUND for an unknown user.
  absl::StatusOr<storage::UserRecord> DisableUser(const Caller& by,
                                                  absl::string_view name);

  // INVALID_ARGUMENT (label, expire_time) for a label over 200 characters or
  // an expiry not in the future; NOT_FOUND for an unknown user;
  // FAILED_PRECONDITION for a disabled one.
  absl::StatusOr<IssuedToken> CreateToken(absl::string_view user,
                                          absl::string_view label,
                                          std::optional<absl::Time> expires,
                                          absl::string_view actor);
  // NOT_FOUND for an unknown token.
  absl::StatusOr<storage::TokenRecord> RevokeToken(std::int64_t token_id,
                                                   absl::string_view actor);
  // NOT_FOUND for an unknown user.
  absl::StatusOr<std::vector<storage::TokenRecord>> ListTokens(
      absl::string_view user);

 private:
  absl::StatusOr<IssuedToken> NewToken(absl::string_view user,
                                       absl::string_view label,
                                       std::optional<absl::Time> expires);

  storage::UserRepository* users_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_ACCESS_H_
