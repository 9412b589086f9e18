#include <google/protobuf/util/time_util.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "client-cli/commands.h"
#include "client-cli/validators.h"
#include "client-cli/workflow_text.h"
#include "relance/v1/admin.grpc.pb.h"

// Users, their tokens, and who the caller is (UserService).
namespace relance::cli {
namespace {

using ::google::protobuf::util::TimeUtil;

struct RoleName {
  v1::Role role;
  const char* name;
};
constexpr RoleName kRoleNames[] = {
    {v1::ROLE_ADMIN, "admin"},         {v1::ROLE_BACK_OFFICE, "back-office"},
    {v1::ROLE_SALES_REP, "sales-rep"}, {v1::ROLE_SERVICE, "service"},
    {v1::ROLE_AUDITOR, "auditor"},
};

std::string NameOf(v1::Role role) {
  for (const RoleName& entry : kRoleNames) {
    if (entry.role == role) return entry.name;
  }
  return "";
}

std::optional<v1::Role> ParseRole(absl::string_view text) {
  for (const RoleName& entry : kRoleNames) {
    if (absl::EqualsIgnoreCase(text, entry.name)) return entry.role;
  }
  return std::nullopt;
}

std::vector<std::string> RoleNames() {
  std::vector<std::string> names;
  for (const RoleName& entry : kRoleNames) names.push_back(entry.name);
  return names;
}

Section UsersSection(const google::protobuf::RepeatedPtrField<v1::User>& users,
                     Section::Layout layout) {
  Section section;
  section.layout = layout;
  section.columns = {{"name"}, {"role"}, {"disabled"}, {"create_time"}};
  for (const v1::User& user : users) {
    section.rows.push_back(
        {user.name(), NameOf(user.role()),
         user.disabled() ? std::string("yes") : std::string(),
         TimeText(user.has_create_time(), user.create_time())});
  }
  return section;
}

Section OneUser(const v1::User& user) {
  google::protobuf::RepeatedPtrField<v1::User> users;
  *users.Add() = user;
  return UsersSection(users, Section::Layout::kFields);
}

Section TokensSection(
    const google::protobuf::RepeatedPtrField<v1::Token>& tokens,
    Section::Layout layout) {
  Section section;
  section.layout = layout;
  section.columns = {{"id"},          {"user"},        {"label"},
                     {"create_time"}, {"expire_time"}, {"revoke_time"}};
  for (const v1::Token& token : tokens) {
    section.rows.push_back(
        {absl::StrCat(token.id()), token.user(), token.label(),
         TimeText(token.has_create_time(), token.create_time()),
         TimeText(token.has_expire_time(), token.expire_time()),
         TimeText(token.has_revoke_time(), token.revoke_time())});
  }
  return section;
}

Section OneToken(const v1::Token& token) {
  google::protobuf::RepeatedPtrField<v1::Token> tokens;
  *tokens.Add() = token;
  return TokensSection(tokens, Section::Layout::kFields);
}

struct UserCreateOptions {
  std::string name;
  std::string role;
};

int RunUserCreate(CommandEnv& env, const UserCreateOptions& options) {
  v1::CreateUserRequest request;
  request.mutable_user()->set_name(options.name);
  // The flag's check admits only known names.
  request.mutable_user()->set_role(ParseRole(options.role).value());
  v1::CreateUserResponse response;
  // Sent once: a retry of a create that did happen would say ALREADY_EXISTS.
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return env.users().CreateUser(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {OneUser(response.user())});
  return 0;
}

int RunUserList(CommandEnv& env) {
  v1::ListUsersResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.users().ListUsers(context, v1::ListUsersRequest(),
                                     &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(
      response, {UsersSection(response.users(), Section::Layout::kColumns)});
  return 0;
}

int RunUserDisable(CommandEnv& env, const std::string& name) {
  v1::DisableUserRequest request;
  request.set_name(name);
  v1::DisableUserResponse response;
  // Disabling a disabled user changes nothing: safe to send again.
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.users().DisableUser(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {OneUser(response.user())});
  return 0;
}

struct TokenCreateOptions {
  std::string user;
  std::string label;
  std::string expires;
  std::string expires_in;
};

// "90d" -> 90 days; nullopt for anything else.
std::optional<absl::Duration> ParseDays(absl::string_view text) {
  int days = 0;
  if (!absl::ConsumeSuffix(&text, "d") || text.empty() ||
      !std::all_of(text.begin(), text.end(),
                   [](char c) { return absl::ascii_isdigit(c); }) ||
      !absl::SimpleAtoi(text, &days) || days < 1 || days > 36600) {
    return std::nullopt;
  }
  return absl::Hours(24) * days;
}

int RunTokenCreate(CommandEnv& env, const TokenCreateOptions& options) {
  v1::CreateTokenRequest request;
  request.set_user(options.user);
  request.set_label(options.label);
  if (!options.expires.empty()) {
    absl::StatusOr<absl::CivilDay> day = ParseDay(options.expires);
    if (!day.ok()) {
      return env.UsageError(
          absl::StrCat("--expires: ", day.status().message()));
    }
    *request.mutable_expire_time() = DayStart(*day);
  } else if (!options.expires_in.empty()) {
    const std::optional<absl::Duration> span = ParseDays(options.expires_in);
    if (!span.has_value()) {
      return env.UsageError(
          absl::StrCat("--expires-in: '", options.expires_in,
                       "' is not a number of days, e.g. 90d"));
    }
    *request.mutable_expire_time() =
        TimeUtil::SecondsToTimestamp(absl::ToUnixSeconds(
            absl::FromChrono(std::chrono::system_clock::now()) + *span));
  }
  v1::CreateTokenResponse response;
  // Sent once: a retry could mint a second token nobody would ever see.
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return env.users().CreateToken(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  // A table prints the secret alone, so that `$(relance token create ...)`
  // captures it; JSON and CSV carry it with the token's fields.
  if (env.output().format() == OutputFormat::kTable) {
    env.out() << response.secret() << '\n';
    env.out().flush();
  } else {
    Section section = OneToken(response.token());
    section.layout = Section::Layout::kColumns;
    section.columns.push_back({"secret"});
    section.rows.front().push_back(response.secret());
    env.output().Write(response, {std::move(section)});
  }
  env.err() << "relance: token " << response.token().id() << " for "
            << response.token().user()
            << (response.token().has_expire_time()
                    ? absl::StrCat(
                          ", expires ",
                          TimeUtil::ToString(response.token().expire_time()))
                    : std::string(", never expires"))
            << ". Store it now: it will not be shown again (relanced keeps "
               "only its hash).\n";
  return 0;
}

int RunTokenList(CommandEnv& env, const std::string& user) {
  v1::ListTokensRequest request;
  request.set_user(user);
  v1::ListTokensResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.users().ListTokens(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(
      response, {TokensSection(response.tokens(), Section::Layout::kColumns)});
  return 0;
}

int RunTokenRevoke(CommandEnv& env, std::int64_t id) {
  v1::RevokeTokenRequest request;
  request.set_token_id(id);
  v1::RevokeTokenResponse response;
  // Revoking a revoked token returns it unchanged: safe to send again.
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.users().RevokeToken(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {OneToken(response.token())});
  return 0;
}

int RunWhoAmI(CommandEnv& env) {
  v1::WhoAmIResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.users().WhoAmI(context, v1::WhoAmIRequest(), &response);
      });
  if (!status.ok()) return env.Fail(status);
  Section section;
  section.layout = Section::Layout::kFields;
  section.columns = {{"user"}, {"role"}, {"token_id"}};
  section.rows.push_back({response.user().name(),
                          NameOf(response.user().role()),
                          absl::StrCat(response.token_id())});
  env.output().Write(response, {std::move(section)});
  return 0;
}

}  // namespace

void AddUserCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group =
      app.add_subcommand("user", "Users of relanced and their roles (admin)");
  group->require_subcommand(1);
  {
    CLI::App* command = group->add_subcommand("create", "Create a user");
    auto options = std::make_shared<UserCreateOptions>();
    command
        ->add_option("name", options->name,
                     "Name: letters, digits, '.', '_', '-', '@'; what a "
                     "client's owner names")
        ->required();
    command->add_option("--role", options->role, "What the user may do")
        ->required()
        ->check(CLI::IsMember(RoleNames(), CLI::ignore_case));
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunUserCreate(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand("list", "List the users");
    command->callback([&action] { action = RunUserList; });
  }
  {
    CLI::App* command = group->add_subcommand(
        "disable", "Disable a user: their tokens stop working at once");
    auto name = std::make_shared<std::string>();
    command->add_option("name", *name, "User name")->required();
    command->callback([&action, name] {
      action = [name](CommandEnv& env) { return RunUserDisable(env, *name); };
    });
  }
}

void AddTokenCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "token", "Tokens: the secrets clients identify themselves with (admin)");
  group->require_subcommand(1);
  {
    CLI::App* command = group->add_subcommand(
        "create", "Issue a token and print its secret, this once");
    auto options = std::make_shared<TokenCreateOptions>();
    command->add_option("--user", options->user, "Whose token")->required();
    command->add_option("--label", options->label,
                        "What it is for (\"ERP\", \"Alice's phone\")");
    CLI::Option* expires = command->add_option(
        "--expires", options->expires,
        "Last valid day: it stops working at 00:00 UTC on YYYY-MM-DD");
    command
        ->add_option("--expires-in", options->expires_in,
                     "Stops working this many days from now, e.g. 90d")
        ->excludes(expires);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunTokenCreate(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "list", "List tokens (never their secrets), of one user or of all");
    auto user = std::make_shared<std::string>();
    command->add_option("--user", *user, "Only this user's");
    command->callback([&action, user] {
      action = [user](CommandEnv& env) { return RunTokenList(env, *user); };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "revoke", "Revoke a token: calls carrying it fail from now on");
    auto id = std::make_shared<std::int64_t>(0);
    command->add_option("id", *id, "Token id (relance token list)")
        ->required()
        ->check(RecordId());
    command->callback([&action, id] {
      action = [id](CommandEnv& env) { return RunTokenRevoke(env, *id); };
    });
  }
}

void AddWhoAmICommand(CLI::App& app, CommandAction& action) {
  CLI::App* command =
      app.add_subcommand("whoami", "The user and role the token stands for");
  command->callback([&action] { action = RunWhoAmI; });
}

}  // namespace relance::cli
