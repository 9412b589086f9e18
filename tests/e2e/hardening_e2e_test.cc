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
