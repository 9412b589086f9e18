// End to end: the real relanced and relance binaries, talking over loopback.

#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "storage/migrations.h"
#include "tests/e2e/relance_process.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/test_database.h"

namespace relance {
namespace {

using testing::BackgroundProcess;
using testing::CommandResult;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Relance;
using testing::RunCommand;

// What a dunning run did or would do, without the ids of new reminders.
std::vector<std::string> ActionsOf(const nlohmann::json& response) {
  std::vector<std::string> actions;
  if (!response.contains("actions")) return actions;
  for (const nlohmann::json& action : response["actions"]) {
    actions.push_back(absl::StrCat(std::string(action["kind"]), " ",
                                   std::string(action["invoiceNumber"]), " ",
                                   std::string(action["stepKey"]), " ",
                                   std::string(action["reason"])));
  }
  return actions;
}

class RelanceE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    relance_ = std::make_unique<Relance>(
        absl::StrCat("sqlite:", dir_, "/relance.db"), dir_);
    relance_->StartServer();
  }

  // Writes a CSV of `rows` valid invoices over 100 clients, numbered from
  // `first`.
  std::string WriteCsv(const std::string& name, int rows, int first = 1) {
    const std::string path = absl::StrCat(dir_, "/", name);
    std::ofstream out(path);
    out << "number,client_reference,client_name,issue_date,due_date,currency,"
           "total\n";
    for (int i = first; i < first + rows; ++i) {
      out << "F-" << i << ",C-" << i % 100 << ",\"Client " << i % 100
          << ", SARL\","
          << "2026-09-01,2026-10-01,EUR," << i % 5000 << "."
          << (i % 100 < 10 ? "0" : "") << i % 100 << "\n";
    }
    return path;
  }

  std::string dir_;
  std::unique_ptr<Relance> relance_;
};

TEST_F(RelanceE2eTest, TourCreateInvoicePayCreditAndSeeWhatIsStillDue) {
  nlohmann::json client = relance_->Json(
      {"client", "create", "--ref", "C-DUPONT", "--name", "Dupont & Fils SARL",
       "--email", "compta@dupont.example", "--kind", "b2b"});
  const std::string client_id = client["client"]["id"];
  nlohmann::json invoice =
      relance_->Json({"invoice", "create", "--client", client_id, "--number",
                      "F-2026-0042", "--issue-date", "2026-09-01", "--due-date",
                      "2026-10-01", "--currency", "EUR", "--total", "1240.50"});
  const std::string invoice_id = invoice["invoice"]["id"];
  EXPECT_EQ(invoice["invoice"]["outstanding"]["minorUnits"], "124050");

  relance_->Json({"payment", "record", "--invoice", invoice_id, "--amount",
                  "240.50", "--date", "2026-10-05", "--reference", "VIR-1"});
  relance_->Json({"credit-note", "create", "--invoice", invoice_id, "--amount",
                  "100", "--date", "2026-10-06"});
  nlohmann::json got = relance_->Json({"invoice", "get", invoice_id});
  EXPECT_EQ(got["invoice"]["outstanding"]["minorUnits"], "90000");
  EXPECT_EQ(got["invoice"]["status"], "INVOICE_STATUS_OPEN");
  EXPECT_EQ(got["payments"].size(), 1u);
  EXPECT_EQ(got["creditNotes"].size(), 1u);

  // The table shows major units and the overdue filter finds the invoice.
  CommandResult table =
      relance_->Cli({"invoice", "list", "--overdue-as-of", "2026-11-01"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("F-2026-0042"));
  EXPECT_THAT(table.out, HasSubstr("900.00"));
  CommandResult not_yet =
      relance_->Cli({"invoice", "list", "--overdue-as-of", "2026-10-01"});
  EXPECT_THAT(not_yet.out, Not(HasSubstr("F-2026-0042")));
}

TEST_F(RelanceE2eTest, TheChangeLogNamesWhoChangedWhatForTheAuditor) {
  const std::string bea = relance_->TokenFor("bea", "back-office");
  const std::string audrey = relance_->TokenFor("audrey", "auditor");
  CommandResult created =
      relance_->Cli({"--token", bea, "client", "create", "--ref", "C-AUDIT",
                     "--name", "Audit"});
  ASSERT_EQ(created.exit_code, 0) << created.err;

  CommandResult log = relance_->Cli(
      {"--token", audrey, "--output", "csv", "admin", "changes", "--all"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  EXPECT_THAT(log.out, HasSubstr("id,time,actor,action,subject"));
  EXPECT_THAT(log.out, HasSubstr(",relanced,user.create,user admin"));
  EXPECT_THAT(log.out, HasSubstr(",admin,user.create,user bea"));
  EXPECT_THAT(log.out, HasSubstr(",bea,client.create,client C-AUDIT"));

  CommandResult beas = relance_->Cli({"--token", audrey, "--output", "csv",
                                      "admin", "changes", "--actor", "bea"});
  ASSERT_EQ(beas.exit_code, 0) << beas.err;
  EXPECT_THAT(beas.out, HasSubstr("client.create"));
  EXPECT_THAT(beas.out, Not(HasSubstr("user.create")));

  // The back office changes data but does not read the log.
  CommandResult refused = relance_->Cli({"--token", bea, "admin", "changes"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("permission denied"));
}

TEST_F(RelanceE2eTest, BadInputIsOneClearLineNamingTheFieldAndAFailureExit) {
  nlohmann::json client = relance_->Json(
      {"client", "create", "--ref", "C-1", "--name", "Martin SA"});
  CommandResult result = relance_->Cli(
      {"invoice", "create", "--client", std::string(client["client"]["id"]),
       "--number", "F-1", "--issue-date", "2026-09-01", "--due-date",
       "2026-08-01", "--currency", "EUR", "--total", "10"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("due_date"));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1)
      << result.err;
  EXPECT_THAT(relance_->Json({"invoice", "list"}).dump(),
              Not(HasSubstr("F-1")));
}

int CountOf(const std::string& summary, const std::string& label) {
  // The summary says e.g. "created: 100000"; the number follows the label.
  const size_t at = summary.find(label);
  if (at == std::string::npos) return -1;
  size_t digits = summary.find_first_of("0123456789", at + label.size());
  return std::stoi(summary.substr(digits));
}

TEST_F(RelanceE2eTest, HundredThousandRowsImportOnceAndAgainCreateNothing) {
  const std::string csv = WriteCsv("book.csv", 100000);
  CommandResult first = relance_->Cli({"invoice", "import", csv});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(CountOf(first.out + first.err, "created"), 100000) << first.out;
  EXPECT_EQ(CountOf(first.out + first.err, "rejected"), 0) << first.out;

  CommandResult second = relance_->Cli({"invoice", "import", csv});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(CountOf(second.out + second.err, "created"), 0) << second.out;
  EXPECT_EQ(CountOf(second.out + second.err, "already present"), 100000)
      << second.out;
}

TEST_F(RelanceE2eTest, BadRowsAreRejectedByLineAndFieldTheRestImported) {
  const std::string path = dir_ + "/mixed.csv";
  std::ofstream(path)
      << "number,client_reference,issue_date,due_date,currency,total\n"
         "F-1,C-1,2026-09-01,2026-10-01,EUR,100.00\n"
         "F-2,C-1,2026-09-01,2026-08-01,EUR,100.00\n"
         "F-3,C-2,2026-09-01,2026-10-01,EUR,12.345\n"
         "F-4,C-2,2026-09-01,2026-10-01,EUX,10\n"
         "F-5,,2026-09-01,2026-10-01,EUR,10\n"
         "F-6,C-3,2026-09-01,2026-10-01,EUR,10\n";
  CommandResult result = relance_->Cli({"invoice", "import", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string report = result.out + result.err;
  EXPECT_EQ(CountOf(report, "created"), 2) << report;
  EXPECT_EQ(CountOf(report, "rejected"), 4) << report;
  EXPECT_THAT(report, HasSubstr("line 3: due_date"));
  EXPECT_THAT(report, HasSubstr("line 4: total"));
  EXPECT_THAT(report, HasSubstr("line 5: total.currency_code"));
  EXPECT_THAT(report, HasSubstr("line 6: client_reference"));
}

// Pages through every invoice; returns how many there are.
int CountInvoices(Relance& relance) {
  nlohmann::json all =
      relance.Json({"invoice", "list", "--all", "--page-size", "1000"});
  return all.contains("invoices") ? static_cast<int>(all["invoices"].size())
                                  : 0;
}

TEST_F(RelanceE2eTest,
       SigkillDuringImportLosesNoCommittedBatchAndLeavesNoPartialOne) {
  constexpr int kRows = 100000;
  constexpr int kBatch = 2000;
  const std::string csv = WriteCsv("book.csv", kRows);
  BackgroundProcess import(
      {RELANCE_PATH, "--server", absl::StrCat("127.0.0.1:", relance_->port()),
       "--token", relance_->admin_token(), "invoice", "import", csv,
       "--batch-size", std::to_string(kBatch)},
      dir_ + "/import.log");
  // Kill the server as soon as the first batches are in.
  for (int attempt = 0; attempt < 2000; ++attempt) {
    nlohmann::json page =
        relance_->Json({"invoice", "list", "--page-size", "1"});
    if (page.contains("invoices") && !page["invoices"].empty()) break;
    absl::SleepFor(
        absl::Milliseconds(5));  // Waiting for the import to make progress.
  }
  relance_->server().Signal(SIGKILL);
  EXPECT_EQ(relance_->server().Wait(absl::Seconds(10)), 128 + SIGKILL);
  const int import_exit = import.Wait(absl::Seconds(60));
  const std::string import_log = testing::ReadFile(dir_ + "/import.log");

  relance_->StartServer();
  const int survived = CountInvoices(*relance_);
  EXPECT_GT(survived, 0);
  // Batches are transactions: what survived is a whole number of them.
  EXPECT_EQ(survived % kBatch, 0) << survived << " invoices survived";
  if (survived < kRows) {
    EXPECT_NE(import_exit, 0)
        << "an interrupted import must not report success";
    EXPECT_THAT(import_log, HasSubstr("again"))
        << "the user should learn that re-running is safe";
  }

  CommandResult resumed = relance_->Cli({"invoice", "import", csv});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(CountOf(resumed.out + resumed.err, "created"), kRows - survived)
      << resumed.out;
  EXPECT_EQ(CountOf(resumed.out + resumed.err, "already present"), survived)
      << resumed.out;
  EXPECT_EQ(CountInvoices(*relance_), kRows);
}

// The credit controller's day: load the book, check the ladder, preview, run
// (five times, as a cron gone wrong would), work the reminders.
TEST_F(RelanceE2eTest, DunningRunFiveTimesProducesEachReminderOnce) {
  const CommandResult import =
      relance_->Cli({"invoice", "import", SAMPLE_INVOICES_PATH});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  EXPECT_THAT(import.out + import.err, HasSubstr("line 20: due_date"))
      << "the sample has one bad row on purpose";
  const nlohmann::json ladder = relance_->Json({"policy", "get", "default"});
  ASSERT_EQ(ladder["policy"]["steps"].size(), 6u);

  const nlohmann::json preview =
      relance_->Json({"dunning", "preview", "--as-of", "2026-11-23"});
  const nlohmann::json first =
      relance_->Json({"dunning", "run", "--as-of", "2026-11-23"});
  EXPECT_EQ(ActionsOf(preview), ActionsOf(first));
  EXPECT_FALSE(ActionsOf(first).empty());
  const nlohmann::json reminders =
      relance_->Json({"reminder", "list", "--all"});
  const size_t count = reminders["reminders"].size();
  EXPECT_GT(count, 0u);
  for (int run = 2; run <= 5; ++run) {
    const nlohmann::json again =
        relance_->Json({"dunning", "run", "--as-of", "2026-11-23"});
    EXPECT_THAT(ActionsOf(again), ::testing::IsEmpty()) << "run " << run;
  }
  EXPECT_EQ(relance_->Json({"reminder", "list", "--all"})["reminders"].size(),
            count);

  // No channel is configured yet: the first reminders wait, due.
  const nlohmann::json due =
      relance_->Json({"reminder", "list", "--state", "due", "--all"});
  ASSERT_FALSE(due["reminders"].empty());
  const std::string reminder_id = due["reminders"][0]["id"];
  CommandResult skip = relance_->Cli({"reminder", "skip", reminder_id});
  EXPECT_EQ(skip.exit_code, 2) << "--reason is required";
  const nlohmann::json skipped =
      relance_->Json({"reminder", "skip", reminder_id, "--reason",
                      "paid by cheque, in the post"});
  EXPECT_EQ(skipped["reminder"]["state"], "REMINDER_STATE_SKIPPED");
  CommandResult done = relance_->Cli({"reminder", "done", reminder_id});
  EXPECT_EQ(done.exit_code, 1);
  EXPECT_THAT(done.err, HasSubstr("skipped"));
}

// relanced runs the engine by itself every --dunning-interval seconds.
TEST_F(RelanceE2eTest, ServerRunsDunningOnItsOwn) {
  const std::string dir = dir_ + "/periodic";
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
  Relance periodic(absl::StrCat("sqlite:", dir, "/relance.db"), dir);
  periodic.set_dunning_interval("1");
  periodic.StartServer();
  ASSERT_EQ(periodic.Cli({"invoice", "import", SAMPLE_INVOICES_PATH}).exit_code,
            0);
  size_t planned = 0;
  for (int attempt = 0; attempt < 100 && planned == 0; ++attempt) {
    absl::SleepFor(absl::Milliseconds(100));  // A real server's real interval.
    planned = periodic.Json({"reminder", "list", "--all"})["reminders"].size();
  }
  EXPECT_GT(planned, 0u) << testing::ReadFile(periodic.log_path());
  EXPECT_THAT(testing::ReadFile(periodic.log_path()),
              HasSubstr("dunning runs every 1s"));
}

TEST_F(RelanceE2eTest, SigtermStopsTheServerCleanly) {
  relance_->server().Signal(SIGTERM);
  EXPECT_EQ(relance_->server().Wait(absl::Seconds(30)), 0);
  EXPECT_THAT(testing::ReadFile(relance_->log_path()),
              HasSubstr("relanced stopped"));
}

TEST_F(RelanceE2eTest, UnreachableServerIsOneClearLine) {
  CommandResult result =
      RunCommand({RELANCE_PATH, "--server",
                  absl::StrCat("127.0.0.1:", testing::FreePort()), "--timeout",
                  "2", "client", "list"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_THAT(result.err, HasSubstr("127.0.0.1"));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1)
      << result.err;
}

// Two relanced replicas on one PostgreSQL database, started at the same moment.
class ReplicasE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RELANCE_SKIP_WITHOUT_TEST_DATABASE(storage::Dialect::kPostgresql);
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> database =
        testing::TestDatabase::Create(storage::Dialect::kPostgresql);
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    dir_ = testing::MakeTempDir();
    for (const char* name : {"a", "b"}) {
      replicas_.push_back(
          std::make_unique<Relance>(database_->url(), dir_ + "/" + name));
      replicas_.back()->set_admin_token_path(dir_ + "/admin.token");
      ASSERT_EQ(mkdir((dir_ + "/" + name).c_str(), 0755), 0);
    }
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::string dir_;
  std::vector<std::unique_ptr<Relance>> replicas_;
};

TEST_F(ReplicasE2eTest, StartTogetherMigrateOnceAndShareOneBook) {
  // Both start (and so migrate) concurrently on the empty database.
  std::thread other([&] { replicas_[1]->StartServer(); });
  replicas_[0]->StartServer();
  other.join();
  ASSERT_FALSE(HasFatalFailure());
  // Every migration of this build applied (and, by the primary key, once).
  EXPECT_EQ(
      *database_->QueryInteger("SELECT COUNT(*) FROM schema_migrations"),
      static_cast<long long>(
          storage::EmbeddedMigrations(storage::Dialect::kPostgresql).size()));

  // The same file imported through both at once: every invoice exists once.
  const std::string csv = dir_ + "/book.csv";
  {
    std::ofstream out(csv);
    out << "number,client_reference,issue_date,due_date,currency,total\n";
    for (int i = 0; i < 20000; ++i) {
      out << "F-" << i << ",C-" << i % 50 << ",2026-09-01,2026-10-01,EUR,10."
          << i % 100 / 10 << "\n";
    }
  }
  CommandResult results[2];
  std::thread second([&] {
    results[1] = replicas_[1]->Cli({"invoice", "import", csv});
  });
  results[0] = replicas_[0]->Cli({"invoice", "import", csv});
  second.join();
  int created = 0;
  for (const CommandResult& result : results) {
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(CountOf(result.out + result.err, "rejected"), 0) << result.out;
    EXPECT_EQ(CountOf(result.out + result.err, "created") +
                  CountOf(result.out + result.err, "already present"),
              20000)
        << result.out;
    created += CountOf(result.out + result.err, "created");
  }
  EXPECT_EQ(created, 20000);
  EXPECT_EQ(*database_->QueryInteger("SELECT COUNT(*) FROM invoices"), 20000);
  EXPECT_EQ(*database_->QueryInteger("SELECT COUNT(*) FROM clients"), 50);

  // What one replica wrote, the other reads.
  nlohmann::json client = replicas_[0]->Json(
      {"client", "create", "--ref", "C-NEW", "--name", "Nouveau SAS"});
  nlohmann::json read = replicas_[1]->Json(
      {"client", "get", std::string(client["client"]["id"])});
  EXPECT_EQ(read["client"]["name"], "Nouveau SAS");
}

// Both replicas run the engine for the same day at the same moment, three times
// each: every invoice climbs exactly one step.
TEST_F(ReplicasE2eTest, RunningDunningOnBothAtOnceActsOncePerInvoice) {
  std::thread other([&] { replicas_[1]->StartServer(); });
  replicas_[0]->StartServer();
  other.join();
  ASSERT_FALSE(HasFatalFailure());
  const std::string csv = dir_ + "/book.csv";
  {
    std::ofstream out(csv);
    out << "number,client_reference,issue_date,due_date,currency,total\n";
    for (int i = 0; i < 2000; ++i) {
      out << "F-" << i << ",C-" << i % 40 << ",2026-09-01,2026-10-01,EUR,100\n";
    }
  }
  ASSERT_EQ(replicas_[0]->Cli({"invoice", "import", csv}).exit_code, 0);
  CommandResult results[2][3];
  std::thread second([&] {
    for (CommandResult& result : results[1]) {
      result = replicas_[1]->Cli({"dunning", "run", "--as-of", "2026-11-23"});
    }
  });
  for (CommandResult& result : results[0]) {
    result = replicas_[0]->Cli({"dunning", "run", "--as-of", "2026-11-23"});
  }
  second.join();
  for (const auto& replica : results) {
    for (const CommandResult& result : replica) {
      EXPECT_EQ(result.exit_code, 0) << result.err;
    }
  }
  // Per invoice: the courtesy step skipped (overdue), the first reminder due,
  // the second scheduled.
  EXPECT_EQ(*database_->QueryInteger("SELECT COUNT(*) FROM reminders"), 6000);
  EXPECT_EQ(*database_->QueryInteger(
                "SELECT COUNT(*) FROM reminders WHERE state = 'due' AND "
                "step_key = 'first_reminder'"),
            2000);
  EXPECT_EQ(*database_->QueryInteger(
                "SELECT COUNT(*) FROM reminders WHERE state = 'skipped' AND "
                "step_key = 'courtesy'"),
            2000);
}

}  // namespace
}  // namespace relance
