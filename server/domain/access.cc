#include "server/domain/access.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"

namespace relance {
namespace {

constexpr char kTokenPrefix[] = "rl_";
constexpr std::size_t kTokenRandomBytes = 32;
constexpr std::size_t kMaxUserNameCharacters = 64;
constexpr std::size_t kMaxTokenLabelCharacters = 200;

bool IsUserNameCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
         c == '_' || c == '-' || c == '@';
}

void CheckUserName(absl::string_view name, FieldViolations& violations) {
  if (name.empty()) {
    violations.Add("name", "is required");
  } else if (name.size() > kMaxUserNameCharacters) {
    violations.Add("name", absl::StrCat("must be at most ",
                                        kMaxUserNameCharacters, " characters"));
  } else {
    for (char c : name) {
      if (!IsUserNameCharacter(c)) {
        violations.Add("name",
                       "may hold only letters, digits, '.', '_', '-' and '@'");
        break;
      }
    }
  }
}

}  // namespace

bool RoleAllows(storage::UserRole role, Permission permission) {
  using storage::UserRole;
  switch (role) {
    case UserRole::kAdmin:
      return true;
    case UserRole::kBackOffice:
      return permission == Permission::kRead ||
             permission == Permission::kChangeData ||
             permission == Permission::kRunDunning ||
             permission == Permission::kConfigure ||
             permission == Permission::kWaiveClaims;
    case UserRole::kSalesRep:
    case UserRole::kService:
      return permission == Permission::kRead ||
             permission == Permission::kChangeData;
    case UserRole::kAuditor:
      return permission == Permission::kRead ||
             permission == Permission::kReadUsers;
  }
  return false;
}

absl::string_view RoleName(storage::UserRole role) {
  switch (role) {
    case storage::UserRole::kAdmin:
      return "admin";
    case storage::UserRole::kBackOffice:
      return "back_office";
    case storage::UserRole::kSalesRep:
      return "sales_rep";
    case storage::UserRole::kService:
      return "service";
    case storage::UserRole::kAuditor:
      return "auditor";
  }
  return "unknown";
}

std::optional<std::string> Caller::owner_scope() const {
  if (role == storage::UserRole::kSalesRep) return user;
  return std::nullopt;
}

absl::StatusOr<std::string> MintTokenSecret() {
  std::array<unsigned char, kTokenRandomBytes> bytes;
  if (RAND_bytes(bytes.data(), bytes.size()) != 1) {
    return absl::InternalError("the random generator failed to make a token");
  }
  return absl::StrCat(
      kTokenPrefix,
      absl::WebSafeBase64Escape(absl::string_view(
          reinterpret_cast<const char*>(bytes.data()), bytes.size())));
}

std::string TokenHash(absl::string_view secret) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
  unsigned int length = 0;
  EVP_Digest(secret.data(), secret.size(), digest.data(), &length, EVP_sha256(),
             nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

absl::StatusOr<Caller> Access::Authenticate(absl::string_view secret) {
  if (secret.empty()) {
    return absl::UnauthenticatedError(
        "no token: send 'authorization: Bearer <token>' (relance --token or "
        "RELANCE_TOKEN)");
  }
  RELANCE_ASSIGN_OR_RETURN(std::optional<storage::TokenHolder> holder,
                           users_->FindToken(TokenHash(secret)));
  if (!holder.has_value()) {
    return absl::UnauthenticatedError("unknown token");
  }
  const absl::Time now = clock_->Now();
  if (holder->token.revoked.has_value()) {
    return absl::UnauthenticatedError(
        absl::StrCat("token ", holder->token.id, " was revoked"));
  }
  if (holder->token.expires.has_value() && *holder->token.expires <= now) {
    return absl::UnauthenticatedError(absl::StrCat(
        "token ", holder->token.id, " expired on ",
        absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", *holder->token.expires,
                         absl::UTCTimeZone())));
  }
  if (holder->user.disabled) {
    return absl::UnauthenticatedError(
        absl::StrCat("user ", holder->user.name, " is disabled"));
  }
  return Caller{.user = holder->user.name,
                .role = holder->user.role,
                .token_id = holder->token.id};
}

absl::Status Access::Check(const Caller& caller, Permission permission) {
  if (RoleAllows(caller.role, permission)) return absl::OkStatus();
  absl::string_view what;
  switch (permission) {
    case Permission::kRead:
      what = "read data";
      break;
    case Permission::kChangeData:
      what = "change data";
      break;
    case Permission::kRunDunning:
      what = "run dunning or print letters";
      break;
    case Permission::kConfigure:
      what = "change policies, templates or rates";
      break;
    case Permission::kReadUsers:
      what = "read users and tokens";
      break;
    case Permission::kManageUsers:
      what = "manage users and tokens";
      break;
    case Permission::kBackup:
      what = "back up the database";
      break;
    case Permission::kWaiveClaims:
      what = "waive interest, the indemnity or fees";
      break;
  }
  return absl::PermissionDeniedError(absl::StrCat("the ", RoleName(caller.role),
                                                  " role may not ", what,
                                                  " (user ", caller.user, ")"));
}

absl::StatusOr<IssuedToken> Access::NewToken(
    absl::string_view user, absl::string_view label,
    std::optional<absl::Time> expires) {
  RELANCE_ASSIGN_OR_RETURN(std::string secret, MintTokenSecret());
  storage::TokenRecord token;
  token.user_name = std::string(user);
  token.label = std::string(label);
  token.secret_sha256 = TokenHash(secret);
  token.created = clock_->Now();
  token.expires = expires;
  return IssuedToken{.token = std::move(token), .secret = std::move(secret)};
}

absl::StatusOr<std::optional<IssuedToken>> Access::CreateFirstAdmin() {
  RELANCE_ASSIGN_OR_RETURN(
      IssuedToken issued,
      NewToken(kFirstAdminName, "created on first start", std::nullopt));
  storage::UserRecord admin;
  admin.name = kFirstAdminName;
  admin.role = storage::UserRole::kAdmin;
  admin.created = issued.token.created;
  RELANCE_ASSIGN_OR_RETURN(std::optional<storage::TokenRecord> token,
                           users_->CreateFirstAdmin(admin, issued.token));
  if (!token.has_value()) return std::nullopt;
  issued.token = *std::move(token);
  return issued;
}

absl::StatusOr<storage::UserRecord> Access::CreateUser(
    absl::string_view name, storage::UserRole role, absl::string_view actor) {
  FieldViolations violations;
  CheckUserName(name, violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  storage::UserRecord user;
  user.name = std::string(name);
  user.role = role;
  user.created = clock_->Now();
  return users_->CreateUser(user,
                            storage::Change(user.created, std::string(actor)));
}

absl::StatusOr<std::vector<storage::UserRecord>> Access::ListUsers() {
  return users_->ListUsers();
}

absl::StatusOr<storage::UserRecord> Access::DisableUser(
    const Caller& by, absl::string_view name) {
  if (by.user == name) {
    return absl::FailedPreconditionError(
        "you cannot disable yourself: another admin must do it");
  }
  return users_->DisableUser(name, storage::Change(clock_->Now(), by.user));
}

absl::StatusOr<IssuedToken> Access::CreateToken(
    absl::string_view user, absl::string_view label,
    std::optional<absl::Time> expires, absl::string_view actor) {
  FieldViolations violations;
  if (label.size() > kMaxTokenLabelCharacters) {
    violations.Add("label",
                   absl::StrCat("must be at most ", kMaxTokenLabelCharacters,
                                " characters"));
  }
  if (expires.has_value() && *expires <= clock_->Now()) {
    violations.Add("expire_time", "must be in the future");
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  RELANCE_ASSIGN_OR_RETURN(IssuedToken issued, NewToken(user, label, expires));
  RELANCE_ASSIGN_OR_RETURN(
      issued.token,
      users_->CreateToken(issued.token, storage::Change(issued.token.created,
                                                        std::string(actor))));
  return issued;
}

absl::StatusOr<storage::TokenRecord> Access::RevokeToken(
    std::int64_t token_id, absl::string_view actor) {
  return users_->RevokeToken(
      token_id, storage::Change(clock_->Now(), std::string(actor)));
}

absl::StatusOr<std::vector<storage::TokenRecord>> Access::ListTokens(
    absl::string_view user) {
  return users_->ListTokens(user);
}

}  // namespace relance
