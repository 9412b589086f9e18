// A SQLite database on a full disk: the write that does not fit fails with a
// clear RESOURCE_EXHAUSTED, leaves nothing half-written, and reads go on.
// The disk is a small tmpfs this test mounts, which needs root (CI runs as
// root); elsewhere the test skips and says why.

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/interfaces/records.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/test_database.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::HasSubstr;

class SqliteDiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = testing::MakeTempDir();
    // Room for the schema and a few hundred clients, no more.
    if (mount("tmpfs", directory_.c_str(), "tmpfs", 0, "size=1m") != 0) {
      GTEST_SKIP() << "cannot mount a small tmpfs to fill ("
                   << std::strerror(errno) << "): this test needs root";
    }
    mounted_ = true;
  }
  void TearDown() override {
    database_.reset();
    if (mounted_) umount2(directory_.c_str(), MNT_DETACH);
  }

  std::string directory_;
  bool mounted_ = false;
  std::unique_ptr<Database> database_;
};

TEST_F(SqliteDiskFullTest,
       TheWriteThatDoesNotFitIsResourceExhaustedAndReadsGoOn) {
  absl::StatusOr<std::unique_ptr<Database>> opened =
      OpenDatabase(absl::StrCat("sqlite:", directory_, "/relance.db"),
                   testing::WithWorkflowRules());
  ASSERT_THAT(opened, IsOk());
  database_ = *std::move(opened);

  std::vector<std::int64_t> created;
  absl::Status failure;
  for (int i = 0; i < 100000 && failure.ok(); ++i) {
    ClientRecord client;
    client.reference = absl::StrCat("C-", i);
    // Wide rows fill the disk in a few hundred writes.
    client.name = absl::StrCat(std::string(2000, 'x'), i);
    absl::StatusOr<ClientRecord> result =
        database_->clients().Create(client, "", absl::Now());
    if (result.ok()) {
      created.push_back(result->id);
    } else {
      failure = result.status();
    }
  }
  ASSERT_FALSE(created.empty());
  EXPECT_THAT(failure, StatusIs(absl::StatusCode::kResourceExhausted,
                                HasSubstr("the database disk is full")));

  // Reads go on, and see exactly the writes that were acknowledged.
  EXPECT_THAT(database_->clients().Get(created.front()), IsOk());
  EXPECT_THAT(database_->clients().Get(created.back()), IsOk());
  std::size_t listed = 0;
  PageRequest page{.limit = 1000};
  for (;;) {
    absl::StatusOr<Page<ClientRecord>> got =
        database_->clients().List({}, page);
    ASSERT_THAT(got, IsOk());
    listed += got->items.size();
    if (!got->next_after_id.has_value()) break;
    page.after_id = *got->next_after_id;
  }
  EXPECT_EQ(listed, created.size()) << "nothing of the failed write was kept";
}

}  // namespace
}  // namespace relance::storage
