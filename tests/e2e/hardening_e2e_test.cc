// What relanced leaves on disk and on the network when it starts: files no
// other user can read, nothing written by a start it refuses, and no second
// server on a port already served.

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/relance_process.h"
#include "tests/testing/subprocess.h"

namespace relance::testing {
namespace {

using ::testing::HasSubstr;

// The permission bits of `path`; -1 when it does not exist.
int ModeOf(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return -1;
  return static_cast<int>(info.st_mode & 07777);
}

bool Exists(const std::string& path) { return ModeOf(path) != -1; }

TEST(HardeningE2eTest, TheSqliteFileAndItsWalAreNotReadableByOthers) {
  const std::string dir = MakeTempDir();
  const std::string db = dir + "/relance.db";
  Relance relance("sqlite:" + db, dir);
  relance.StartServer();
  ASSERT_FALSE(relance.admin_token().empty());
  // A write, so that the write-ahead log holds something.
  ASSERT_EQ(relance
                .Cli({"client", "create", "--ref", "C-1", "--name",
                      "Martin SARL", "--email", "compta@martin.fr"})
                .exit_code,
            0);
  for (const std::string& path :
       {db, db + "-wal", db + "-shm", relance.admin_token_path()}) {
    ASSERT_TRUE(Exists(path)) << path;
    EXPECT_EQ(ModeOf(path) & 0077, 0)
        << path << " has mode " << absl::StrCat(ModeOf(path));
  }
}

TEST(HardeningE2eTest, AStartRefusedForTlsWritesNoDatabaseAndNoToken) {
  const std::string dir = MakeTempDir();
  const std::string db = dir + "/relance.db";
  const std::string token = dir + "/admin.token";
  const CommandResult result = RunCommand(
      {RELANCED_PATH, "--listen", absl::StrCat("127.0.0.1:", FreePort()),
       "--db", "sqlite:" + db, "--dunning-interval", "0", "--admin-token-file",
       token, "--tls-cert", dir + "/missing.pem", "--tls-key",
       dir + "/missing.key"},
      {}, absl::Seconds(60));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("missing.pem"));
  EXPECT_FALSE(Exists(db)) << "the database was created and migrated";
  EXPECT_FALSE(Exists(token)) << "the admin token was written";
}

TEST(HardeningE2eTest, ASecondRelancedOnAServedPortRefusesToStart) {
  const std::string dir = MakeTempDir();
  Relance first("sqlite:" + dir + "/first.db", dir);
  first.StartServer();
  const std::string other = MakeTempDir();
  const CommandResult second = RunCommand(
      {RELANCED_PATH, "--listen", absl::StrCat("127.0.0.1:", first.port()),
       "--db", "sqlite:" + other + "/second.db", "--dunning-interval", "0",
       "--admin-token-file", other + "/admin.token"},
      {}, absl::Seconds(20));
  // Before, it started, shared the port through SO_REUSEPORT and served
  // until the test killed it.
  EXPECT_NE(second.exit_code, 0);
  EXPECT_THAT(second.err, HasSubstr("cannot listen on"));
  EXPECT_EQ(first.Cli({"client", "list"}).exit_code, 0);
}

}  // namespace
}  // namespace relance::testing
