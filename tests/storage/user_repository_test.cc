#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/interfaces/users.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

UserRecord User(absl::string_view name, UserRole role) {
  UserRecord user;
  user.name = std::string(name);
  user.role = role;
  user.created = absl::FromUnixMicros(1'767'225'600'654'321);
  return user;
}

// A token whose hash is `digit` repeated: distinct digits, distinct hashes.
TokenRecord Token(absl::string_view user_name, char digit,
                  absl::string_view label = "laptop") {
  TokenRecord token;
  token.user_name = std::string(user_name);
  token.label = std::string(label);
  token.secret_sha256 = std::string(64, digit);
  token.created = absl::FromUnixMicros(1'767'225'700'000'001);
  return token;
}

class UserRepositoryTest : public RepositoryContractTest {
 protected:
  UserRepository& users() { return database().users(); }
};

TEST_P(UserRepositoryTest, UsersAreCreatedReadListedAndDisabled) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      UserRecord marie,
      users().CreateUser(User("marie", UserRole::kSalesRep), Now()));
  EXPECT_GT(marie.id, 0);
  EXPECT_EQ(marie.name, "marie");
  EXPECT_EQ(marie.role, UserRole::kSalesRep);
  EXPECT_FALSE(marie.disabled);
  EXPECT_EQ(marie.created, absl::FromUnixMicros(1'767'225'600'654'321));
  for (UserRole role : {UserRole::kAdmin, UserRole::kBackOffice,
                        UserRole::kService, UserRole::kAuditor}) {
    ASSERT_THAT(
        users().CreateUser(
            User(absl::StrCat("user-", static_cast<int>(role)), role), Now()),
        IsOk());
  }
  EXPECT_THAT(users().CreateUser(User("marie", UserRole::kAdmin), Now()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("marie")));
  EXPECT_THAT(users().CreateUser(User("", UserRole::kAdmin), Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));

  RELANCE_ASSERT_OK_AND_ASSIGN(UserRecord read, users().GetUser("marie"));
  EXPECT_EQ(read.id, marie.id);
  EXPECT_EQ(read.role, UserRole::kSalesRep);
  EXPECT_THAT(users().GetUser("nobody"),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nobody")));

  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<UserRecord> all,
                               users().ListUsers());
  std::vector<std::string> names;
  std::vector<UserRole> roles;
  for (const UserRecord& user : all) {
    names.push_back(user.name);
    roles.push_back(user.role);
  }
  EXPECT_THAT(names,
              ElementsAre("marie", "user-0", "user-1", "user-3", "user-4"));
  EXPECT_THAT(roles, ElementsAre(UserRole::kSalesRep, UserRole::kAdmin,
                                 UserRole::kBackOffice, UserRole::kService,
                                 UserRole::kAuditor));

  RELANCE_ASSERT_OK_AND_ASSIGN(UserRecord disabled,
                               users().DisableUser("marie", Now()));
  EXPECT_TRUE(disabled.disabled);
  RELANCE_ASSERT_OK_AND_ASSIGN(UserRecord twice,
                               users().DisableUser("marie", Now()));
  EXPECT_TRUE(twice.disabled);
  RELANCE_ASSERT_OK_AND_ASSIGN(read, users().GetUser("marie"));
  EXPECT_TRUE(read.disabled);
  EXPECT_THAT(users().DisableUser("nobody", Now()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(UserRepositoryTest, TokensAreStoredFoundListedAndRevoked) {
  ASSERT_THAT(users().CreateUser(User("marie", UserRole::kSalesRep), Now()),
              IsOk());
  ASSERT_THAT(users().CreateUser(User("paul", UserRole::kBackOffice), Now()),
              IsOk());

  TokenRecord expiring = Token("marie", 'a');
  expiring.expires = absl::FromUnixMicros(1'800'000'000'000'007);
  RELANCE_ASSERT_OK_AND_ASSIGN(TokenRecord first,
                               users().CreateToken(expiring, Now()));
  EXPECT_GT(first.id, 0);
  EXPECT_EQ(first.user_name, "marie");
  EXPECT_EQ(first.label, "laptop");
  EXPECT_EQ(first.secret_sha256, std::string(64, 'a'));
  EXPECT_EQ(first.created, absl::FromUnixMicros(1'767'225'700'000'001));
  EXPECT_THAT(first.expires,
              Optional(absl::FromUnixMicros(1'800'000'000'000'007)));
  EXPECT_EQ(first.revoked, std::nullopt);
  RELANCE_ASSERT_OK_AND_ASSIGN(TokenRecord second,
                               users().CreateToken(Token("paul", 'b'), Now()));
  EXPECT_EQ(second.expires, std::nullopt);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TokenRecord third, users().CreateToken(Token("marie", 'c', "ci"), Now()));

  // The hash is unique, whoever holds it.
  EXPECT_THAT(users().CreateToken(Token("paul", 'a'), Now()),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(users().CreateToken(Token("nobody", 'd'), Now()),
              StatusIs(absl::StatusCode::kNotFound));
  TokenRecord malformed = Token("marie", 'A');
  EXPECT_THAT(users().CreateToken(malformed, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  malformed.secret_sha256 = "abc";
  EXPECT_THAT(users().CreateToken(malformed, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));

  RELANCE_ASSERT_OK_AND_ASSIGN(std::optional<TokenHolder> found,
                               users().FindToken(std::string(64, 'a')));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->token.id, first.id);
  EXPECT_EQ(found->token.expires, first.expires);
  EXPECT_EQ(found->user.name, "marie");
  EXPECT_EQ(found->user.role, UserRole::kSalesRep);
  EXPECT_THAT(users().FindToken(std::string(64, 'e')), IsOk());
  EXPECT_EQ(*users().FindToken(std::string(64, 'e')), std::nullopt);

  auto ids = [](const std::vector<TokenRecord>& tokens) {
    std::vector<std::int64_t> result;
    for (const TokenRecord& token : tokens) result.push_back(token.id);
    return result;
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<TokenRecord> maries,
                               users().ListTokens("marie"));
  EXPECT_THAT(ids(maries), ElementsAre(first.id, third.id));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<TokenRecord> all,
                               users().ListTokens(""));
  EXPECT_THAT(ids(all), ElementsAre(first.id, second.id, third.id));
  EXPECT_THAT(users().ListTokens("nobody"),
              StatusIs(absl::StatusCode::kNotFound));

  const absl::Time revoked_at = absl::FromUnixMicros(1'767'300'000'000'009);
  RELANCE_ASSERT_OK_AND_ASSIGN(TokenRecord revoked,
                               users().RevokeToken(first.id, revoked_at));
  EXPECT_THAT(revoked.revoked, Optional(revoked_at));
  // A second revocation keeps the first instant.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TokenRecord again,
      users().RevokeToken(first.id, revoked_at + absl::Hours(1)));
  EXPECT_THAT(again.revoked, Optional(revoked_at));
  EXPECT_THAT(users().RevokeToken(9999, revoked_at),
              StatusIs(absl::StatusCode::kNotFound));
  // A revoked token is still found: the caller decides.
  RELANCE_ASSERT_OK_AND_ASSIGN(found, users().FindToken(std::string(64, 'a')));
  ASSERT_TRUE(found.has_value());
  EXPECT_THAT(found->token.revoked, Optional(revoked_at));

  // A disabled user gets no new token, and its tokens are found with the
  // user as it is now.
  ASSERT_THAT(users().DisableUser("paul", Now()), IsOk());
  EXPECT_THAT(users().CreateToken(Token("paul", 'f'), Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  RELANCE_ASSERT_OK_AND_ASSIGN(found, users().FindToken(std::string(64, 'b')));
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->user.disabled);
}

TEST_P(UserRepositoryTest, CreateFirstAdminWritesOnlyIntoAnEmptyTable) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::optional<TokenRecord> token,
      users().CreateFirstAdmin(User("admin", UserRole::kAdmin),
                               Token("ignored", '1', "first start")));
  ASSERT_TRUE(token.has_value());
  EXPECT_EQ(token->user_name, "admin");
  EXPECT_EQ(token->label, "first start");
  RELANCE_ASSERT_OK_AND_ASSIGN(std::optional<TokenHolder> found,
                               users().FindToken(std::string(64, '1')));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user.role, UserRole::kAdmin);

  EXPECT_THAT(users().CreateFirstAdmin(User("admin2", UserRole::kAdmin),
                                       Token("admin2", '2')),
              IsOk());
  EXPECT_EQ(*users().CreateFirstAdmin(User("admin2", UserRole::kAdmin),
                                      Token("admin2", '2')),
            std::nullopt);
  EXPECT_EQ(CountRows("users"), 1);
  EXPECT_EQ(CountRows("tokens"), 1);
  EXPECT_THAT(users().CreateFirstAdmin(User("clerk", UserRole::kBackOffice),
                                       Token("clerk", '3')),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(UserRepositoryTest, CreateFirstAdminDoesNothingOnceAnyUserExists) {
  ASSERT_THAT(users().CreateUser(User("marie", UserRole::kSalesRep), Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::optional<TokenRecord> token,
      users().CreateFirstAdmin(User("admin", UserRole::kAdmin),
                               Token("admin", '1')));
  EXPECT_EQ(token, std::nullopt);
  EXPECT_EQ(CountRows("users"), 1);
  EXPECT_EQ(CountRows("tokens"), 0);
}

// Servers starting at once on one database, each with its own pool: exactly
// one of them creates the first admin.
TEST_P(UserRepositoryTest, RacingServersCreateOneFirstAdmin) {
  constexpr int kServers = 6;
  constexpr int kRounds = 5;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(round);
    RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<testing::TestDatabase> fresh,
                                 testing::TestDatabase::Create(GetParam()));
    std::vector<std::unique_ptr<Database>> servers;
    for (int i = 0; i < kServers; ++i) {
      RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> server,
                                   fresh->Open());
      servers.push_back(std::move(server));
    }
    std::vector<absl::StatusOr<std::optional<TokenRecord>>> results(
        kServers, absl::UnknownError("not run"));
    std::vector<std::thread> threads;
    for (int i = 0; i < kServers; ++i) {
      threads.emplace_back([&, i] {
        // Different names, so that a unique violation cannot stand in for
        // the check.
        const std::string name = absl::StrCat("admin-", i);
        results[i] = servers[i]->users().CreateFirstAdmin(
            User(name, UserRole::kAdmin),
            Token(name, static_cast<char>('a' + i)));
      });
    }
    for (std::thread& thread : threads) thread.join();
    int created = 0;
    for (const auto& result : results) {
      ASSERT_THAT(result, IsOk());
      if (result->has_value()) ++created;
    }
    EXPECT_EQ(created, 1);
    RELANCE_ASSERT_OK_AND_ASSIGN(
        long long user_count,
        fresh->QueryInteger("SELECT COUNT(*) FROM users"));
    EXPECT_EQ(user_count, 1);
    RELANCE_ASSERT_OK_AND_ASSIGN(
        long long token_count,
        fresh->QueryInteger("SELECT COUNT(*) FROM tokens"));
    EXPECT_EQ(token_count, 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, UserRepositoryTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
