// Backing up with `relance admin backup` and restoring: relanced started on
// the copy serves every client, invoice, payment and reminder of the
// original.

#include <signal.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/relance_process.h"
#include "tests/testing/subprocess.h"

namespace relance {
namespace {

using testing::CommandResult;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using testing::Relance;

// Everything a restore must bring back, as the CLI shows it.
std::vector<nlohmann::json> Book(Relance& relance) {
  std::vector<nlohmann::json> book;
  for (std::vector<std::string> list :
       {std::vector<std::string>{"client", "list", "--all"},
        {"invoice", "list", "--all"},
        {"reminder", "list", "--all"},
        {"policy", "list"}}) {
    book.push_back(relance.Json(list));
  }
  return book;
}

TEST(BackupE2eTest, RelancedStartedOnTheCopyServesEverything) {
  const std::string dir = testing::MakeTempDir();
  Relance original(absl::StrCat("sqlite:", dir, "/relance.db"), dir);
  original.StartServer();
  ASSERT_EQ(original.Cli({"invoice", "import", SAMPLE_INVOICES_PATH}).exit_code,
            0);
  const nlohmann::json invoices =
      original.Json({"invoice", "list", "--page-size", "1"});
  ASSERT_FALSE(invoices["invoices"].empty());
  original.Json({"payment", "record", "--invoice",
                 std::string(invoices["invoices"][0]["id"]), "--amount", "10",
                 "--date", "2026-10-05", "--reference", "VIR-1"});
  original.Json({"dunning", "run", "--as-of", "2026-11-23"});
  const std::vector<nlohmann::json> before = Book(original);
  ASSERT_FALSE(before[2]["reminders"].empty()) << "the run made reminders";

  const std::string copy_dir = testing::MakeTempDir();
  const std::string copy = copy_dir + "/backup.db";
  const CommandResult backup = original.Cli({"admin", "backup", copy});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_THAT(backup.out,
              MatchesRegex("Wrote a backup of [0-9]+ bytes to .*backup.db\n"));
  EXPECT_EQ(std::filesystem::exists(copy + ".partial"), false);
  original.server().Signal(SIGTERM);
  ASSERT_EQ(original.server().Wait(absl::Seconds(30)), 0);

  Relance restored(absl::StrCat("sqlite:", copy), copy_dir);
  // The copy holds the original's users: its admin token still works.
  restored.set_admin_token_path(original.admin_token_path());
  restored.StartServer();
  const std::vector<nlohmann::json> after = Book(restored);
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(after[i], before[i]) << i;
  }
  const nlohmann::json paid = restored.Json(
      {"invoice", "get", std::string(invoices["invoices"][0]["id"])});
  EXPECT_EQ(paid["payments"].size(), 1u);
}

TEST(BackupE2eTest, AFileThatCannotBeWrittenIsOneClearLine) {
  const std::string dir = testing::MakeTempDir();
  Relance relance(absl::StrCat("sqlite:", dir, "/relance.db"), dir);
  relance.StartServer();
  const CommandResult backup =
      relance.Cli({"admin", "backup", dir + "/no-such-directory/backup.db"});
  EXPECT_NE(backup.exit_code, 0);
  EXPECT_THAT(backup.err, HasSubstr("cannot write"));
  EXPECT_THAT(backup.err, HasSubstr("no-such-directory/backup.db.partial"));
}

}  // namespace
}  // namespace relance
