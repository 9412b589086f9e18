#include "storage/user_repository.h"

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/change_log_repository.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/users.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

constexpr char kUserColumns[] = "id, name, role, disabled, create_time_us";
// The columns of a token with its user's name; read FROM kTokenFrom.
constexpr char kTokenColumns[] =
    "t.id, u.name, t.label, t.secret_sha256, t.create_time_us, "
    "t.expire_time_us, t.revoke_time_us";
constexpr char kTokenFrom[] = " FROM tokens t JOIN users u ON u.id = t.user_id";
// A token's user, after kTokenColumns.
constexpr char kTokenUserColumns[] =
    "u.id, u.name, u.role, u.disabled, u.create_time_us";

constexpr char kInsertUser[] =
    "INSERT INTO users (name, role, disabled, create_time_us) VALUES (:name, "
    ":role, :disabled, :create_time_us) ON CONFLICT (name) DO NOTHING "
    "RETURNING ";
constexpr char kInsertToken[] =
    "INSERT INTO tokens (user_id, label, secret_sha256, create_time_us, "
    "expire_time_us, revoke_time_us) VALUES (:user_id, :label, "
    ":secret_sha256, :create_time_us, :expire_time_us, :revoke_time_us) ON "
    "CONFLICT (secret_sha256) DO NOTHING RETURNING id";
// Holds off every other writer of users until the transaction ends, so that
// two servers starting at once cannot both find the table empty. SQLite needs
// none: a write transaction holds the database write lock from its start.
constexpr char kLockUsersPostgresql[] =
    "LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE";
constexpr char kAnyUser[] = "SELECT id FROM users LIMIT 1";
// Both return a row only when they changed one: a second disable or revoke
// records nothing.
constexpr char kDisableUser[] =
    "UPDATE users SET disabled = 1 WHERE name = :name AND disabled = 0 "
    "RETURNING id";
constexpr char kRevokeToken[] =
    "UPDATE tokens SET revoke_time_us = :at WHERE id = :id AND "
    "revoke_time_us IS NULL RETURNING id";

constexpr char kCreateUserAction[] = "user.create";
constexpr char kDisableUserAction[] = "user.disable";
constexpr char kCreateTokenAction[] = "token.create";
constexpr char kRevokeTokenAction[] = "token.revoke";

struct RoleText {
  UserRole role;
  absl::string_view text;
};
constexpr RoleText kRoles[] = {
    {UserRole::kAdmin, "admin"},        {UserRole::kBackOffice, "back_office"},
    {UserRole::kSalesRep, "sales_rep"}, {UserRole::kService, "service"},
    {UserRole::kAuditor, "auditor"},
};

std::string RoleToColumn(UserRole role) {
  for (const RoleText& entry : kRoles) {
    if (entry.role == role) return std::string(entry.text);
  }
  return "";  // Unreachable for a valid enumerator; the CHECK rejects it.
}

// INTERNAL for text no role is written as.
absl::StatusOr<UserRole> RoleFromColumn(absl::string_view text) {
  for (const RoleText& entry : kRoles) {
    if (entry.text == text) return entry.role;
  }
  return absl::InternalError(
      absl::StrCat("unknown user role '", text, "' in the database"));
}

// The buffers one users row is read into.
struct UserRow {
  using Record = UserRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(name));
    statement.exchange(soci::into(role));
    statement.exchange(soci::into(disabled));
    statement.exchange(soci::into(create_time_us));
  }

  absl::StatusOr<UserRecord> ToRecord() const {
    UserRecord record;
    record.id = id;
    record.name = name;
    RELANCE_ASSIGN_OR_RETURN(record.role, RoleFromColumn(role));
    record.disabled = disabled != 0;
    record.created = TimeFromColumn(create_time_us);
    return record;
  }

  long long id = 0;
  std::string name;
  std::string role;
  int disabled = 0;
  long long create_time_us = 0;
};

// An instant column that may be NULL, as read or as bound.
struct OptionalTimeColumn {
  OptionalTimeColumn() = default;
  explicit OptionalTimeColumn(const std::optional<absl::Time>& time)
      : micros(time.has_value() ? TimeToColumn(*time) : 0),
        indicator(time.has_value() ? soci::i_ok : soci::i_null) {}

  std::optional<absl::Time> ToTime() const {
    if (indicator == soci::i_null) return std::nullopt;
    return TimeFromColumn(micros);
  }

  long long micros = 0;
  soci::indicator indicator = soci::i_null;
};

// The buffers one token is read into (kTokenColumns).
struct TokenRow {
  using Record = TokenRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(user_name));
    statement.exchange(soci::into(label));
    statement.exchange(soci::into(secret_sha256));
    statement.exchange(soci::into(create_time_us));
    statement.exchange(soci::into(expires.micros, expires.indicator));
    statement.exchange(soci::into(revoked.micros, revoked.indicator));
  }

  absl::StatusOr<TokenRecord> ToRecord() const {
    TokenRecord record;
    record.id = id;
    record.user_name = user_name;
    record.label = label;
    record.secret_sha256 = secret_sha256;
    record.created = TimeFromColumn(create_time_us);
    record.expires = expires.ToTime();
    record.revoked = revoked.ToTime();
    return record;
  }

  long long id = 0;
  std::string user_name;
  std::string label;
  std::string secret_sha256;
  long long create_time_us = 0;
  OptionalTimeColumn expires;
  OptionalTimeColumn revoked;
};

// A token and its user (kTokenColumns, kTokenUserColumns).
struct TokenHolderRow {
  using Record = TokenHolder;

  void BindColumns(soci::statement& statement) {
    token.BindColumns(statement);
    user.BindColumns(statement);
  }

  absl::StatusOr<TokenHolder> ToRecord() const {
    TokenHolder holder;
    RELANCE_ASSIGN_OR_RETURN(holder.token, token.ToRecord());
    RELANCE_ASSIGN_OR_RETURN(holder.user, user.ToRecord());
    return holder;
  }

  TokenRow token;
  UserRow user;
};

std::string UserSubject(const UserRecord& user) {
  return absl::StrCat("user ", user.name, " (", RoleToColumn(user.role), ")");
}

std::string TokenSubject(const TokenRecord& token) {
  return absl::StrCat("token ", token.id, " of ", token.user_name);
}

absl::Status CheckUser(const UserRecord& user) {
  if (user.name.empty()) {
    return absl::InvalidArgumentError("a user needs a name");
  }
  return absl::OkStatus();
}

absl::Status CheckToken(const TokenRecord& token) {
  const absl::string_view hash = token.secret_sha256;
  bool lower_hex = hash.size() == 64;
  for (char c : hash) {
    lower_hex = lower_hex &&
                absl::ascii_isxdigit(static_cast<unsigned char>(c)) &&
                !absl::ascii_isupper(static_cast<unsigned char>(c));
  }
  if (!lower_hex) {
    return absl::InvalidArgumentError(
        "secret_sha256 must be 64 lower-case hexadecimal digits");
  }
  return absl::OkStatus();
}

absl::StatusOr<UserRecord> GetUserIn(soci::session& session,
                                     const std::string& name) {
  SqlQuery query(session, absl::StrCat("SELECT ", kUserColumns,
                                       " FROM users WHERE name = :name"));
  query.Use("name", name);
  RELANCE_ASSIGN_OR_RETURN(std::optional<UserRecord> user,
                           FetchOne<UserRow>(query));
  if (!user.has_value()) {
    return absl::NotFoundError(absl::StrCat("user '", name, "' not found"));
  }
  return *std::move(user);
}

absl::StatusOr<TokenRecord> GetTokenIn(soci::session& session, long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kTokenColumns, kTokenFrom,
                                       " WHERE t.id = :id"));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<TokenRecord> token,
                           FetchOne<TokenRow>(query));
  if (!token.has_value()) return NotFound("token", id);
  return *std::move(token);
}

// Inserts `user` and records `change` of it. ALREADY_EXISTS if the name is
// taken.
absl::StatusOr<UserRecord> InsertUserIn(soci::session& session,
                                        const UserRecord& user,
                                        const Change& change) {
  const std::string role = RoleToColumn(user.role);
  const int disabled = user.disabled ? 1 : 0;
  const long long create_time_us = TimeToColumn(user.created);
  std::optional<UserRecord> created;
  {
    SqlQuery insert(session, absl::StrCat(kInsertUser, kUserColumns));
    insert.Use("name", user.name)
        .Use("role", role)
        .Use("disabled", disabled)
        .Use("create_time_us", create_time_us);
    RELANCE_ASSIGN_OR_RETURN(created, FetchOne<UserRow>(insert));
  }
  if (!created.has_value()) {
    return absl::AlreadyExistsError(
        absl::StrCat("user '", user.name, "' already exists"));
  }
  RELANCE_RETURN_IF_ERROR(
      RecordChange(session, change, kCreateUserAction, UserSubject(*created)));
  return *std::move(created);
}

// Inserts `token` for the user `user_id` and records `change` of it.
// ALREADY_EXISTS if its hash is stored.
absl::StatusOr<TokenRecord> InsertTokenIn(soci::session& session,
                                          const TokenRecord& token,
                                          long long user_id,
                                          const Change& change) {
  const long long create_time_us = TimeToColumn(token.created);
  OptionalTimeColumn expires(token.expires);
  OptionalTimeColumn revoked(token.revoked);
  long long id = 0;
  {
    SqlQuery insert(session, kInsertToken);
    insert.Use("user_id", user_id)
        .Use("label", token.label)
        .Use("secret_sha256", token.secret_sha256)
        .Use("create_time_us", create_time_us)
        .Use("expire_time_us", expires.micros, expires.indicator)
        .Use("revoke_time_us", revoked.micros, revoked.indicator)
        .Into(id);
    // The hash is not named: it stands for a secret.
    if (!insert.Execute()) {
      return absl::AlreadyExistsError(
          "a token with this secret already exists");
    }
  }
  RELANCE_ASSIGN_OR_RETURN(TokenRecord created, GetTokenIn(session, id));
  RELANCE_RETURN_IF_ERROR(
      RecordChange(session, change, kCreateTokenAction, TokenSubject(created)));
  return created;
}

}  // namespace

absl::StatusOr<UserRecord> SqlUserRepository::CreateUser(const UserRecord& user,
                                                         const Change& change) {
  RELANCE_RETURN_IF_ERROR(CheckUser(user));
  return runner_->Write([&](soci::session& session) {
    return InsertUserIn(session, user, change);
  });
}

absl::StatusOr<std::optional<TokenRecord>> SqlUserRepository::CreateFirstAdmin(
    const UserRecord& admin, const TokenRecord& token) {
  RELANCE_RETURN_IF_ERROR(CheckUser(admin));
  RELANCE_RETURN_IF_ERROR(CheckToken(token));
  if (admin.role != UserRole::kAdmin || admin.disabled) {
    return absl::InvalidArgumentError(
        "the first user must be an enabled admin");
  }
  const Dialect dialect = runner_->dialect();
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<std::optional<TokenRecord>> {
    if (dialect == Dialect::kPostgresql) {
      SqlQuery lock(session, kLockUsersPostgresql);
      lock.Execute();
    }
    {
      long long any = 0;
      SqlQuery query(session, kAnyUser);
      query.Into(any);
      if (query.Execute()) return std::nullopt;
    }
    // No caller asked for the first admin: relanced makes it.
    RELANCE_ASSIGN_OR_RETURN(
        UserRecord created,
        InsertUserIn(session, admin, Change(admin.created, kSystemActor)));
    TokenRecord admin_token = token;
    admin_token.user_name = created.name;
    RELANCE_ASSIGN_OR_RETURN(
        TokenRecord stored, InsertTokenIn(session, admin_token, created.id,
                                          Change(token.created, kSystemActor)));
    return stored;
  });
}

absl::StatusOr<UserRecord> SqlUserRepository::GetUser(absl::string_view name) {
  const std::string user_name(name);
  return runner_->Read(
      [&](soci::session& session) { return GetUserIn(session, user_name); });
}

absl::StatusOr<std::vector<UserRecord>> SqlUserRepository::ListUsers() {
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<std::vector<UserRecord>> {
        SqlQuery query(session, absl::StrCat("SELECT ", kUserColumns,
                                             " FROM users ORDER BY name"));
        return FetchAll<UserRow>(query);
      });
}

absl::StatusOr<UserRecord> SqlUserRepository::DisableUser(
    absl::string_view name, const Change& change) {
  const std::string user_name(name);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<UserRecord> {
    bool disabled_now = false;
    {
      long long id = 0;
      SqlQuery update(session, kDisableUser);
      update.Use("name", user_name).Into(id);
      disabled_now = update.Execute();
    }
    RELANCE_ASSIGN_OR_RETURN(UserRecord user, GetUserIn(session, user_name));
    if (disabled_now) {
      RELANCE_RETURN_IF_ERROR(RecordChange(session, change, kDisableUserAction,
                                           absl::StrCat("user ", user.name)));
    }
    return user;
  });
}

absl::StatusOr<TokenRecord> SqlUserRepository::CreateToken(
    const TokenRecord& token, const Change& change) {
  RELANCE_RETURN_IF_ERROR(CheckToken(token));
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<TokenRecord> {
        RELANCE_ASSIGN_OR_RETURN(UserRecord user,
                                 GetUserIn(session, token.user_name));
        if (user.disabled) {
          return absl::FailedPreconditionError(
              absl::StrCat("user '", user.name, "' is disabled"));
        }
        return InsertTokenIn(session, token, user.id, change);
      });
}

absl::StatusOr<TokenRecord> SqlUserRepository::RevokeToken(
    std::int64_t id, const Change& change) {
  const long long token_id = id;
  const long long at_column = TimeToColumn(change.now);
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<TokenRecord> {
        bool revoked_now = false;
        {
          long long revoked_id = 0;
          SqlQuery update(session, kRevokeToken);
          update.Use("at", at_column).Use("id", token_id).Into(revoked_id);
          revoked_now = update.Execute();
        }
        RELANCE_ASSIGN_OR_RETURN(TokenRecord token,
                                 GetTokenIn(session, token_id));
        if (revoked_now) {
          RELANCE_RETURN_IF_ERROR(RecordChange(
              session, change, kRevokeTokenAction, TokenSubject(token)));
        }
        return token;
      });
}

absl::StatusOr<std::vector<TokenRecord>> SqlUserRepository::ListTokens(
    absl::string_view user_name) {
  const std::string name(user_name);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<std::vector<TokenRecord>> {
        std::string sql = absl::StrCat("SELECT ", kTokenColumns, kTokenFrom);
        if (!name.empty()) {
          // Users are never deleted: one that exists now still does when the
          // list is read.
          RELANCE_RETURN_IF_ERROR(GetUserIn(session, name).status());
          absl::StrAppend(&sql, " WHERE u.name = :name");
        }
        absl::StrAppend(&sql, " ORDER BY t.id");
        SqlQuery query(session, std::move(sql));
        if (!name.empty()) query.Use("name", name);
        return FetchAll<TokenRow>(query);
      });
}

absl::StatusOr<std::optional<TokenHolder>> SqlUserRepository::FindToken(
    absl::string_view secret_sha256) {
  const std::string hash(secret_sha256);
  return runner_->Read([&](soci::session& session)
                           -> absl::StatusOr<std::optional<TokenHolder>> {
    SqlQuery query(
        session,
        absl::StrCat("SELECT ", kTokenColumns, ", ", kTokenUserColumns,
                     kTokenFrom, " WHERE t.secret_sha256 = :secret_sha256"));
    query.Use("secret_sha256", hash);
    return FetchOne<TokenHolderRow>(query);
  });
}

}  // namespace relance::storage
