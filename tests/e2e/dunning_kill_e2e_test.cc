// relanced killed (SIGKILL) in the middle of a dunning run that emails a
// hundred debtors through a real SMTP server, then started again and the run
// repeated. What is checked: every due reminder exists exactly once (one per
// invoice and step) and each invoice's emailed step ends up sent; every
// reminder's email reached the mail server; an email reached it twice only if
// its reminder was claimed but not yet recorded as sent when the kill came
// (the channels' rule: a claim in flight is sent again once it expires), and
// the dispatcher sending one reminder at a time, that is at most one email.

#include <signal.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/relance_process.h"
#include "tests/testing/smtp_test_server.h"
#include "tests/testing/subprocess.h"

namespace relance {
namespace {

using testing::CommandResult;
using testing::Relance;
using ::testing::SizeIs;

constexpr int kInvoices = 100;

TEST(DunningKillE2eTest, AfterAKillMidRunEveryReminderExistsOnceAndIsSentOnce) {
  const std::string dir = testing::MakeTempDir();
  absl::StatusOr<std::unique_ptr<testing::SmtpTestServer>> smtp =
      testing::SmtpTestServer::Start({});
  ASSERT_TRUE(smtp.ok()) << smtp.status();
  const std::string config = dir + "/relanced.yaml";
  std::ofstream(config)
      << "creditor:\n"
         "  name: Atelier Martin SAS\n"
         "  address: [3 place Bellecour, 69002 Lyon]\n"
         "  city: Lyon\n"
         "email:\n"
         "  smtp_url: "
      << (*smtp)->url()
      << "\n"
         "  require_tls: false\n"
         "  from: \"Atelier Martin <compta@atelier-martin.fr>\"\n";
  Relance relance(absl::StrCat("sqlite:", dir, "/relance.db"), dir);
  relance.set_extra_flags({"--config", config, "--claim-lease", "2"});
  relance.StartServer();

  const std::string csv = dir + "/book.csv";
  {
    std::ofstream out(csv);
    out << "number,client_reference,client_name,client_email,issue_date,"
           "due_date,currency,total\n";
    for (int i = 0; i < kInvoices; ++i) {
      out << "FA-" << i << ",C-" << i << ",Client " << i << ",compta-" << i
          << "@client.example,2026-10-01,2026-11-01,EUR,100.00\n";
    }
  }
  const CommandResult import = relance.Cli({"invoice", "import", csv});
  ASSERT_EQ(import.exit_code, 0) << import.err;

  testing::BackgroundProcess run(
      {RELANCE_PATH, "--server", absl::StrCat("127.0.0.1:", relance.port()),
       "--token", relance.admin_token(), "dunning", "run", "--as-of",
       "2026-11-23"},
      dir + "/run.log");
  // Mid-way: some emails are out, most are not.
  ASSERT_TRUE((*smtp)->WaitForMessages(kInvoices / 5, absl::Seconds(60)).ok());
  relance.server().Signal(SIGKILL);
  ASSERT_EQ(relance.server().Wait(absl::Seconds(10)), 128 + SIGKILL);
  run.Wait(absl::Seconds(30));
  absl::StatusOr<std::vector<testing::ReceivedMail>> at_kill =
      (*smtp)->Messages();
  ASSERT_TRUE(at_kill.ok());
  ASSERT_LT(at_kill->size(), static_cast<size_t>(kInvoices))
      << "the run ended before the kill: the test proves nothing";

  relance.StartServer();
  absl::SleepFor(absl::Seconds(3));  // The dead server's 2 s claims expire.
  const CommandResult again =
      relance.Cli({"dunning", "run", "--as-of", "2026-11-23"});
  ASSERT_EQ(again.exit_code, 0) << again.err;

  // Every due reminder once: one per invoice and step, every invoice with
  // the same steps (the run dates are the same for all); the emailed step
  // sent for every invoice.
  const nlohmann::json reminders =
      relance.Json({"reminder", "list", "--all"})["reminders"];
  std::map<std::string, std::set<std::string>> steps_per_invoice;
  std::map<std::string, int> sent_per_invoice;
  for (const nlohmann::json& reminder : reminders) {
    const std::string invoice = reminder["invoiceId"];
    EXPECT_TRUE(steps_per_invoice[invoice]
                    .insert(std::string(reminder["stepKey"]))
                    .second)
        << "a second reminder for one step: " << reminder.dump();
    if (reminder["state"] == "REMINDER_STATE_SENT") ++sent_per_invoice[invoice];
  }
  ASSERT_THAT(steps_per_invoice, SizeIs(kInvoices));
  for (const auto& [invoice, steps] : steps_per_invoice) {
    EXPECT_EQ(steps, steps_per_invoice.begin()->second) << invoice;
    EXPECT_EQ(sent_per_invoice[invoice], 1) << invoice;
  }

  // Every email reached the mail server; at most one reminder's twice.
  absl::StatusOr<std::vector<testing::ReceivedMail>> mailbox =
      (*smtp)->Messages();
  ASSERT_TRUE(mailbox.ok());
  std::map<std::string, int> copies;
  for (const testing::ReceivedMail& mail : *mailbox) ++copies[mail.message_id];
  EXPECT_THAT(copies, SizeIs(kInvoices));
  int resent = 0;
  for (const auto& [message_id, count] : copies) {
    EXPECT_LE(count, 2) << message_id;
    if (count == 2) ++resent;
  }
  EXPECT_LE(resent, 1) << "only a message in flight at the kill is resent";
}

}  // namespace
}  // namespace relance
