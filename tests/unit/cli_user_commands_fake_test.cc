// relance user, token and whoami against a stand-in UserService on an
// in-process channel: what each command sends (the token, the role, the
// expiry), what it prints (the secret alone on stdout), which calls are
// retried; and where the token comes from (--token, RELANCE_TOKEN, --config).
// The real service is exercised by the server tests.

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "client-cli/command_env.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/admin.grpc.pb.h"
#include "tests/unit/cli_against_fake.h"

namespace relance::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kSecret[] = "rl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

v1::User Alice() {
  v1::User user;
  user.set_name("alice");
  user.set_role(v1::ROLE_SALES_REP);
  user.mutable_create_time()->set_seconds(kNov23At9);
  return user;
}

v1::Token AlicesToken() {
  v1::Token token;
  token.set_id(7);
  token.set_user("alice");
  token.set_label("phone");
  token.mutable_create_time()->set_seconds(kNov23At9);
  return token;
}

// Records every request with its `authorization` metadata and answers with
// canned data, or with `failure` when it is set.
struct Users final : v1::UserService::Service {
  void Record(const grpc::ServerContext* context, const std::string& call) {
    const auto& metadata = context->client_metadata();
    const auto found = metadata.find("authorization");
    authorizations.push_back(
        found == metadata.end()
            ? "(none)"
            : std::string(found->second.data(), found->second.size()));
    calls.push_back(call);
  }

  grpc::Status CreateUser(grpc::ServerContext* context,
                          const v1::CreateUserRequest* request,
                          v1::CreateUserResponse* response) override {
    std::lock_guard lock(mutex);
    Record(context, "CreateUser");
    if (!failure.ok()) return failure;
    created_user = request->user();
    *response->mutable_user() = request->user();
    response->mutable_user()->mutable_create_time()->set_seconds(kNov23At9);
    return grpc::Status::OK;
  }
  grpc::Status ListUsers(grpc::ServerContext* context,
                         const v1::ListUsersRequest*,
                         v1::ListUsersResponse* response) override {
    std::lock_guard lock(mutex);
    Record(context, "ListUsers");
    if (!failure.ok()) return failure;
    *response->add_users() = Alice();
    v1::User& bob = *response->add_users();
    bob.set_name("bob");
    bob.set_role(v1::ROLE_BACK_OFFICE);
    bob.set_disabled(true);
    return grpc::Status::OK;
  }
  grpc::Status DisableUser(grpc::ServerContext* context,
                           const v1::DisableUserRequest* request,
                           v1::DisableUserResponse* response) override {
    std::lock_guard lock(mutex);
    Record(context, "DisableUser");
    disabled_name = request->name();
    *response->mutable_user() = Alice();
    response->mutable_user()->set_disabled(true);
    return grpc::Status::OK;
  }
  grpc::Status CreateToken(grpc::ServerContext* context,
                           const v1::CreateTokenRequest* request,
                           v1::CreateTokenResponse* response) override {
    std::lock_guard lock(mutex);
    Record(context, "CreateToken");
    if (!failure.ok()) return failure;
    created_token = *request;
    *response->mutable_token() = AlicesToken();
    if (request->has_expire_time()) {
      *response->mutable_token()->mutable_expire_time() =
          request->expire_time();
    }
    response->set_secret(kSecret);
    return grpc::Status::OK;
  }
  grpc::Status RevokeToken(grpc::ServerContext* context,
                           const v1::RevokeTokenRequest* request,
                           v1::RevokeTokenResponse* response) override {
    std::lock_guard lock(mutex);
    Record(context, "RevokeToken");
    revoked_id = request->token_id();
    *response->mutable_token() = AlicesToken();
    response->mutable_token()->mutable_revoke_time()->set_seconds(kNov23At9 +
                                                                  60);
    return grpc::Status::OK;
  }
  grpc::Status ListTokens(grpc::ServerContext* context,
                          const v1::ListTokensRequest* request,
                          v1::ListTokensResponse* response) override {
    std::lock_guard lock(mutex);
    Record(context, "ListTokens");
    listed_for = request->user();
    *response->add_tokens() = AlicesToken();
    return grpc::Status::OK;
  }
  grpc::Status WhoAmI(grpc::ServerContext* context, const v1::WhoAmIRequest*,
                      v1::WhoAmIResponse* response) override {
    std::lock_guard lock(mutex);
    Record(context, "WhoAmI");
    if (!failure.ok()) return failure;
    *response->mutable_user() = Alice();
    response->set_token_id(7);
    return grpc::Status::OK;
  }

  std::mutex mutex;
  grpc::Status failure = grpc::Status::OK;
  std::vector<std::string> calls;
  std::vector<std::string> authorizations;
  v1::User created_user;
  v1::CreateTokenRequest created_token;
  std::string disabled_name;
  std::string listed_for = "(not called)";
  std::int64_t revoked_id = 0;
};

class UserCommandsTest : public ::testing::Test {
 protected:
  UserCommandsTest() {
    grpc::ServerBuilder builder;
    builder.RegisterService(&users_);
    server_ = builder.BuildAndStart();
  }
  ~UserCommandsTest() override {
    server_->Shutdown();
    unsetenv("RELANCE_TOKEN");
  }

  CliOutcome Run(const std::vector<std::string>& args) {
    return RunCliAgainst(*server_, args);
  }

  // A file in a fresh directory of this test, holding `contents`.
  std::string WriteFile(const std::string& name, const std::string& contents) {
    const std::filesystem::path dir =
        std::filesystem::path(::testing::TempDir()) /
        ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir);
    const std::string path = (dir / name).string();
    std::ofstream(path) << contents;
    return path;
  }

  Users users_;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(UserCommandsTest, UserCreateSendsTheNameAndRoleWithTheToken) {
  const CliOutcome created = Run(
      {"--token", kSecret, "user", "create", "alice", "--role", "Sales-Rep"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(users_.created_user.name(), "alice");
  EXPECT_EQ(users_.created_user.role(), v1::ROLE_SALES_REP);
  EXPECT_THAT(users_.authorizations,
              ElementsAre(std::string("Bearer ") + kSecret));
  EXPECT_EQ(created.out,
            "name:        alice\n"
            "role:        sales-rep\n"
            "create time: 2026-11-23T09:00:00Z\n");
}

TEST_F(UserCommandsTest, UserCreateRefusesAnUnknownRoleWithoutCalling) {
  const CliOutcome created =
      Run({"user", "create", "alice", "--role", "superuser"});
  EXPECT_EQ(created.exit_code, 2);
  EXPECT_THAT(created.err, HasSubstr("--role"));
  EXPECT_THAT(users_.calls, IsEmpty());
}

TEST_F(UserCommandsTest, UserListAsCsv) {
  const CliOutcome listed = Run({"--output", "csv", "user", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out,
            "name,role,disabled,create_time\r\n"
            "alice,sales-rep,,2026-11-23T09:00:00Z\r\n"
            "bob,back-office,yes,\r\n");
  // No token given (RELANCE_TOKEN is unset under ctest): no header at all.
  EXPECT_THAT(users_.authorizations, ElementsAre("(none)"));
}

TEST_F(UserCommandsTest, UserDisableNamesTheUser) {
  const CliOutcome disabled = Run({"user", "disable", "alice"});
  ASSERT_EQ(disabled.exit_code, 0) << disabled.err;
  EXPECT_EQ(users_.disabled_name, "alice");
  EXPECT_THAT(disabled.out, HasSubstr("yes"));
}

TEST_F(UserCommandsTest, TokenCreatePrintsOnlyTheSecretOnStdout) {
  const CliOutcome created =
      Run({"token", "create", "--user", "alice", "--label", "phone",
           "--expires", "2027-03-01"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(created.out, std::string(kSecret) + "\n");
  EXPECT_THAT(created.err, HasSubstr("token 7 for alice"));
  EXPECT_THAT(created.err, HasSubstr("it will not be shown again"));
  EXPECT_THAT(created.err, Not(HasSubstr(kSecret)));
  EXPECT_EQ(users_.created_token.user(), "alice");
  EXPECT_EQ(users_.created_token.label(), "phone");
  // 2027-03-01 00:00:00 UTC.
  EXPECT_EQ(users_.created_token.expire_time().seconds(), 1803859200);
}

TEST_F(UserCommandsTest, TokenCreateExpiresInDaysFromNow) {
  const std::int64_t before =
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  const CliOutcome created =
      Run({"token", "create", "--user", "alice", "--expires-in", "90d"});
  const std::int64_t after =
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count();
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::int64_t expires = users_.created_token.expire_time().seconds();
  EXPECT_GE(expires, before + 90 * 86400);
  EXPECT_LE(expires, after + 90 * 86400);
}

TEST_F(UserCommandsTest, TokenCreateWithoutExpiryNeverExpires) {
  const CliOutcome created = Run({"token", "create", "--user", "alice"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_FALSE(users_.created_token.has_expire_time());
  EXPECT_THAT(created.err, HasSubstr("never expires"));
}

TEST_F(UserCommandsTest, TokenCreateRefusesBadExpiriesWithoutCalling) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"--expires-in", "90"},
           {"--expires-in", "0d"},
           {"--expires-in", "-3d"},
           {"--expires", "2027-02-30"},
           {"--expires", "2027-03-01", "--expires-in", "90d"}}) {
    std::vector<std::string> command = {"token", "create", "--user", "alice"};
    command.insert(command.end(), args.begin(), args.end());
    const CliOutcome created = Run(command);
    EXPECT_EQ(created.exit_code, 2) << args.back();
    EXPECT_THAT(created.err, HasSubstr("--expires")) << args.back();
  }
  EXPECT_THAT(users_.calls, IsEmpty());
}

TEST_F(UserCommandsTest, TokenCreateAsJsonCarriesTheSecret) {
  const CliOutcome created =
      Run({"--output", "json", "token", "create", "--user", "alice"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr(std::string("\"secret\":\"") + kSecret));
  EXPECT_THAT(created.out, HasSubstr("\"id\":\"7\""));
}

TEST_F(UserCommandsTest, CreatesAreNotRetriedReadsAre) {
  users_.failure = grpc::Status(grpc::StatusCode::UNAVAILABLE, "gone");
  const CliOutcome created = Run({"token", "create", "--user", "alice"});
  EXPECT_EQ(created.exit_code, 1);
  EXPECT_THAT(created.err, HasSubstr("relance: unavailable"));
  EXPECT_THAT(created.out, IsEmpty());
  EXPECT_THAT(users_.calls, ElementsAre("CreateToken"));

  users_.calls.clear();
  EXPECT_EQ(Run({"user", "list"}).exit_code, 1);
  EXPECT_THAT(users_.calls, ElementsAre("ListUsers", "ListUsers", "ListUsers"));
}

TEST_F(UserCommandsTest, TokenListAndRevoke) {
  const CliOutcome listed = Run({"token", "list", "--user", "alice"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(users_.listed_for, "alice");
  EXPECT_THAT(listed.out, HasSubstr("phone"));
  EXPECT_THAT(listed.out, Not(HasSubstr("rl_")));

  const CliOutcome all = Run({"token", "list"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(users_.listed_for, "");

  const CliOutcome revoked = Run({"--output", "csv", "token", "revoke", "7"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(users_.revoked_id, 7);
  EXPECT_EQ(revoked.out,
            "id,user,label,create_time,expire_time,revoke_time\r\n"
            "7,alice,phone,2026-11-23T09:00:00Z,,2026-11-23T09:01:00Z\r\n");
}

TEST_F(UserCommandsTest, WhoAmIShowsTheUserAndRole) {
  const CliOutcome who = Run({"--output", "csv", "whoami"});
  ASSERT_EQ(who.exit_code, 0) << who.err;
  EXPECT_EQ(who.out, "user,role,token_id\r\nalice,sales-rep,7\r\n");
}

TEST_F(UserCommandsTest, UnauthenticatedSaysSo) {
  users_.failure =
      grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "unknown token");
  const CliOutcome who = Run({"--token", "rl_wrong", "whoami"});
  EXPECT_EQ(who.exit_code, 1);
  EXPECT_EQ(who.err, "relance: unauthenticated: unknown token\n");
}

TEST_F(UserCommandsTest, TokenComesFromFlagThenEnvironmentThenConfigFile) {
  const std::string config =
      WriteFile("config.toml",
                "token = \"rl_from_file\"\nserver = \"relance.example:443\"\n");
  ASSERT_EQ(Run({"--config", config, "whoami"}).exit_code, 0);
  setenv("RELANCE_TOKEN", "rl_from_env", 1);
  ASSERT_EQ(Run({"--config", config, "whoami"}).exit_code, 0);
  ASSERT_EQ(
      Run({"--config", config, "--token", "rl_from_flag", "whoami"}).exit_code,
      0);
  EXPECT_THAT(users_.authorizations,
              ElementsAre("Bearer rl_from_file", "Bearer rl_from_env",
                          "Bearer rl_from_flag"));

  // The file's server is the one the error line names.
  users_.failure = grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
  const CliOutcome failed = Run({"--config", config, "whoami"});
  EXPECT_THAT(failed.err, HasSubstr("relanced at relance.example:443"));
}

TEST_F(UserCommandsTest, ConfigFileErrorsAreUsageErrors) {
  const CliOutcome missing =
      Run({"--config", "/nonexistent/relance.toml", "whoami"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/relance.toml"));

  const std::string unknown = WriteFile("unknown.toml", "user = \"alice\"\n");
  const CliOutcome bad_key = Run({"--config", unknown, "whoami"});
  EXPECT_EQ(bad_key.exit_code, 2);
  EXPECT_THAT(bad_key.err, HasSubstr("unknown key \"user\""));
  EXPECT_THAT(users_.calls, IsEmpty());
}

TEST_F(UserCommandsTest, UnreadableTlsFilesAreUsageErrors) {
  const CliOutcome no_ca = Run({"--tls-ca", "/nonexistent/ca.pem", "whoami"});
  EXPECT_EQ(no_ca.exit_code, 2);
  EXPECT_THAT(no_ca.err, HasSubstr("--tls-ca /nonexistent/ca.pem"));

  const std::string not_pem = WriteFile("ca.pem", "hello\n");
  const CliOutcome garbage = Run({"--tls-ca", not_pem, "whoami"});
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_THAT(garbage.err, HasSubstr("not a PEM file"));

  const CliOutcome half = Run({"--tls-cert", not_pem, "whoami"});
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_THAT(half.err, HasSubstr("--tls-cert and --tls-key go together"));
  EXPECT_THAT(users_.calls, IsEmpty());
}

TEST(DefaultConfigPathTest, XdgConfigHomeThenHome) {
  auto env = [](const char* xdg, const char* home) {
    return [xdg, home](const char* name) -> const char* {
      return std::string(name) == "XDG_CONFIG_HOME" ? xdg
             : std::string(name) == "HOME"          ? home
                                                    : nullptr;
    };
  };
  EXPECT_EQ(DefaultConfigPath(env("/x", "/home/a")), "/x/relance/config.toml");
  EXPECT_EQ(DefaultConfigPath(env(nullptr, "/home/a")),
            "/home/a/.config/relance/config.toml");
  // A relative XDG_CONFIG_HOME is ignored, as the specification says.
  EXPECT_EQ(DefaultConfigPath(env("rel", "/home/a")),
            "/home/a/.config/relance/config.toml");
  EXPECT_EQ(DefaultConfigPath(env(nullptr, nullptr)), "");
}

}  // namespace
}  // namespace relance::cli
