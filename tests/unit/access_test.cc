// Roles, permissions and token secrets: pure logic.

#include "server/domain/access.h"

#include <set>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace relance {
namespace {

using storage::UserRole;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr Permission kEveryPermission[] = {
    Permission::kRead,      Permission::kChangeData, Permission::kRunDunning,
    Permission::kConfigure, Permission::kReadUsers,  Permission::kManageUsers,
    Permission::kBackup,    Permission::kWaiveClaims};

std::set<Permission> AllowedFor(UserRole role) {
  std::set<Permission> allowed;
  for (Permission permission : kEveryPermission) {
    if (RoleAllows(role, permission)) allowed.insert(permission);
  }
  return allowed;
}

TEST(RoleAllowsTest, EachRoleHasExactlyItsPermissions) {
  EXPECT_EQ(AllowedFor(UserRole::kAdmin),
            std::set<Permission>(std::begin(kEveryPermission),
                                 std::end(kEveryPermission)));
  EXPECT_EQ(
      AllowedFor(UserRole::kBackOffice),
      (std::set<Permission>{Permission::kRead, Permission::kChangeData,
                            Permission::kRunDunning, Permission::kConfigure,
                            Permission::kWaiveClaims}));
  EXPECT_EQ(AllowedFor(UserRole::kSalesRep),
            (std::set<Permission>{Permission::kRead, Permission::kChangeData}));
  EXPECT_EQ(AllowedFor(UserRole::kService),
            (std::set<Permission>{Permission::kRead, Permission::kChangeData}));
  EXPECT_EQ(AllowedFor(UserRole::kAuditor),
            (std::set<Permission>{Permission::kRead, Permission::kReadUsers}));
}

TEST(CallerTest, OnlyASalesRepIsScopedToTheirClients) {
  for (UserRole role : {UserRole::kAdmin, UserRole::kBackOffice,
                        UserRole::kService, UserRole::kAuditor}) {
    EXPECT_EQ((Caller{.user = "x", .role = role}.owner_scope()), std::nullopt);
  }
  EXPECT_EQ(
      (Caller{.user = "alice", .role = UserRole::kSalesRep}.owner_scope()),
      "alice");
}

TEST(CheckTest, DenialNamesTheRoleAndWhatWasRefused) {
  const Caller auditor{.user = "audrey", .role = UserRole::kAuditor};
  EXPECT_TRUE(Access::Check(auditor, Permission::kRead).ok());
  const absl::Status denied = Access::Check(auditor, Permission::kChangeData);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(denied.message(), HasSubstr("auditor role may not change data"));
}

TEST(TokenSecretTest, SecretsAreRandomBase64UrlWithAPrefix) {
  std::set<std::string> secrets;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<std::string> secret = MintTokenSecret();
    ASSERT_TRUE(secret.ok());
    EXPECT_THAT(*secret, MatchesRegex("rl_[A-Za-z0-9_-]{43}"));
    secrets.insert(*secret);
  }
  EXPECT_EQ(secrets.size(), 100u);
}

TEST(TokenSecretTest, HashIsTheSha256OfTheSecretInLowerCaseHex) {
  // FIPS 180-2's example: SHA-256("abc").
  EXPECT_EQ(TokenHash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(TokenHash("rl_a"), TokenHash("rl_b"));
}

}  // namespace
}  // namespace relance
