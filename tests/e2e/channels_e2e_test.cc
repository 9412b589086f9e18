// End to end through the channels: the real relanced (configured with a real
// SMTP server on loopback) and the real relance, the sample book imported,
// dunning run for given dates; the mailbox and the day's letters are read back.

#include <signal.h>

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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
using ::testing::HasSubstr;
using testing::Relance;
using testing::RunCommand;
using ::testing::SizeIs;
using testing::SmtpTestServer;

constexpr char kDomain[] = "atelier-martin.fr";

// "1 840,00 €" with the no-break spaces the French templates write.
std::string FrenchEuros(std::int64_t minor) {
  std::string units = absl::StrCat(minor / 100);
  std::string grouped;
  for (size_t i = 0; i < units.size(); ++i) {
    if (i > 0 && (units.size() - i) % 3 == 0) grouped += "\u00A0";
    grouped += units[i];
  }
  return absl::StrCat(grouped, ",", minor % 100 < 10 ? "0" : "", minor % 100,
                      "\u00A0€");
}

std::int64_t MinorUnits(const nlohmann::json& money) {
  std::int64_t minor = 0;
  if (money.contains("minorUnits")) {
    EXPECT_TRUE(absl::SimpleAtoi(std::string(money["minorUnits"]), &minor));
  }
  return minor;
}

bool HasChannel(const nlohmann::json& reminder, const std::string& channel) {
  if (!reminder.contains("channels")) return false;
  for (const nlohmann::json& each : reminder["channels"]) {
    if (each == channel) return true;
  }
  return false;
}

std::string PdfText(const std::string& path) {
  const CommandResult text =
      RunCommand({"/usr/bin/pdftotext", "-layout", path, "-"});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  return text.out;
}

class ChannelsE2eTest : public ::testing::Test {
 protected:
  // Starts a mail server with `options` and relanced configured to use it.
  void Start(testing::SmtpTestServerOptions options,
             std::vector<std::string> flags) {
    dir_ = testing::MakeTempDir();
    absl::StatusOr<std::unique_ptr<SmtpTestServer>> smtp =
        SmtpTestServer::Start(options);
    ASSERT_TRUE(smtp.ok()) << smtp.status();
    smtp_ = *std::move(smtp);
    const std::string config = dir_ + "/relanced.yaml";
    std::ofstream(config) << "creditor:\n"
                             "  name: Atelier Martin SAS\n"
                             "  address: [3 place Bellecour, 69002 Lyon]\n"
                             "  city: Lyon\n"
                             "  iban: FR76 3000 6000 0112 3456 7890 189\n"
                             "  bic: AGRIFRPP\n"
                             "email:\n"
                             "  smtp_url: "
                          << smtp_->url()
                          << "\n"
                             "  require_tls: false\n"
                             "  from: \"Atelier Martin <compta@"
                          << kDomain << ">\"\n";
    flags.insert(flags.begin(), {"--config", config});
    relance_ = std::make_unique<Relance>(
        absl::StrCat("sqlite:", dir_, "/relance.db"), dir_);
    relance_->set_extra_flags(flags);
    relance_->StartServer();
  }

  std::vector<testing::ReceivedMail> Mailbox() {
    absl::StatusOr<std::vector<testing::ReceivedMail>> mail = smtp_->Messages();
    EXPECT_TRUE(mail.ok()) << mail.status();
    return mail.ok() ? *mail : std::vector<testing::ReceivedMail>();
  }

  std::string dir_;
  std::unique_ptr<SmtpTestServer> smtp_;
  std::unique_ptr<Relance> relance_;
};

TEST_F(ChannelsE2eTest, TheMailboxAndTheDaysLettersHoldExactlyWhatWasSent) {
  Start({}, {"--retry-delay", "1"});
  const CommandResult import =
      relance_->Cli({"invoice", "import", SAMPLE_INVOICES_PATH});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  // Two runs a fortnight apart, relanced living on each day: first reminders,
  // then second reminders by email and letter, the day's letters.
  for (int days_ahead : {0, 14}) {
    relance_->LiveDaysAhead(days_ahead);
    const CommandResult run = relance_->Cli({"dunning", "run"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  const nlohmann::json sent = relance_->Json(
      {"reminder", "list", "--state", "sent", "--all"})["reminders"];
  ASSERT_FALSE(sent.empty());
  EXPECT_TRUE(relance_
                  ->Json({"reminder", "list", "--state", "failed",
                          "--all"})["reminders"]
                  .empty());
  std::map<std::string, testing::ReceivedMail> by_message_id;
  const std::vector<testing::ReceivedMail> mailbox = Mailbox();
  for (const testing::ReceivedMail& mail : mailbox) {
    EXPECT_TRUE(by_message_id.emplace(mail.message_id, mail).second)
        << "sent twice: " << mail.message_id;
  }
  size_t emails = 0;
  std::set<std::string> lettered_invoices;
  std::set<std::string> lettered_clients;
  for (const nlohmann::json& reminder : sent) {
    const std::string id = reminder["id"];
    const std::string invoice_id = reminder["invoiceId"];
    const nlohmann::json invoice =
        relance_->Json({"invoice", "get", invoice_id})["invoice"];
    const std::string number = invoice["number"];
    if (HasChannel(reminder, "CHANNEL_EMAIL")) {
      ++emails;
      const std::string message_id =
          absl::StrCat("<reminder-", id, ".", std::string(reminder["stepKey"]),
                       "@", kDomain, ">");
      auto found = by_message_id.find(message_id);
      ASSERT_NE(found, by_message_id.end()) << "no mail " << message_id;
      const testing::ReceivedMail& mail = found->second;
      EXPECT_THAT(mail.to, SizeIs(1)) << message_id;
      EXPECT_THAT(mail.text, HasSubstr(number));
      // What was still due when it went out (no payment came since).
      EXPECT_THAT(mail.text,
                  HasSubstr(FrenchEuros(MinorUnits(invoice["outstanding"]))))
          << number;
      EXPECT_EQ(mail.attachments.size(),
                HasChannel(reminder, "CHANNEL_LETTER") ? 1u : 0u)
          << number;
    }
    if (HasChannel(reminder, "CHANNEL_LETTER") ||
        HasChannel(reminder, "CHANNEL_REGISTERED_LETTER")) {
      lettered_invoices.insert(number);
      lettered_clients.insert(std::string(reminder["clientId"]));
    }
  }
  EXPECT_EQ(mailbox.size(), emails) << "nothing but the sent reminders";
  ASSERT_FALSE(lettered_invoices.empty());

  // Letters went out today (the server's clock): one file for the day, one
  // letter per debtor listing each of their invoices.
  const std::string pdf = dir_ + "/letters.pdf";
  const CommandResult print =
      relance_->Cli({"letters", "print", "--output", pdf});
  ASSERT_EQ(print.exit_code, 0) << print.err;
  EXPECT_THAT(print.out,
              HasSubstr(absl::StrCat(
                  "Wrote ", lettered_clients.size(),
                  lettered_clients.size() == 1 ? " letter" : " letters")));
  const std::string letters = PdfText(pdf);
  for (const std::string& number : lettered_invoices) {
    EXPECT_THAT(letters, HasSubstr(number));
  }
  EXPECT_THAT(letters, HasSubstr("Atelier Martin SAS"));

  // `reminder get` shows what went out.
  const std::string first_id = sent[0]["id"];
  const CommandResult shown = relance_->Cli({"reminder", "get", first_id});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr(absl::StrCat("reminder-", first_id, ".")));
}

TEST_F(ChannelsE2eTest,
       AfterAKillBetweenAcceptanceAndCommitOneMessageIsResent) {
  // The mail server stores the message, then holds its "250 OK" while the
  // test kills relanced: the send happened, its commit did not.
  Start({.hold = absl::Seconds(10)},
        {"--claim-lease", "2", "--retry-delay", "1"});
  const nlohmann::json client =
      relance_->Json({"client", "create", "--ref", "C-HOLD", "--name",
                      "Garage Moreau", "--email", "hold@garage-moreau.fr"});
  const std::string client_id = client["client"]["id"];
  ASSERT_EQ(relance_
                ->Cli({"invoice", "create", "--number", "FA-HOLD-1", "--client",
                       client_id, "--issue-date", "2026-10-01", "--due-date",
                       "2026-11-01", "--total", "1234.56", "--currency", "EUR"})
                .exit_code,
            0);
  ASSERT_EQ(
      relance_
          ->Cli({"invoice", "create", "--number", "FA-OTHER-1", "--client",
                 client_id, "--issue-date", "2026-10-01", "--due-date",
                 "2026-11-02", "--total", "99.00", "--currency", "EUR"})
          .exit_code,
      0);

  testing::BackgroundProcess run(
      {RELANCE_PATH, "--server", absl::StrCat("127.0.0.1:", relance_->port()),
       "--token", relance_->admin_token(), "dunning", "run", "--as-of",
       "2026-11-23"},
      dir_ + "/run.log");
  absl::StatusOr<std::vector<testing::ReceivedMail>> first =
      smtp_->WaitForMessages(1, absl::Seconds(60));
  ASSERT_TRUE(first.ok()) << first.status();
  relance_->server().Signal(SIGKILL);
  relance_->server().Wait(absl::Seconds(10));
  run.Wait(absl::Seconds(30));

  relance_->StartServer();
  absl::SleepFor(absl::Seconds(3));  // The dead server's 2 s claim expires.
  const CommandResult again =
      relance_->Cli({"dunning", "run", "--as-of", "2026-11-23"});
  ASSERT_EQ(again.exit_code, 0) << again.err;

  const std::vector<testing::ReceivedMail> mailbox = Mailbox();
  std::map<std::string, int> copies;
  for (const testing::ReceivedMail& mail : mailbox) ++copies[mail.message_id];
  ASSERT_THAT(copies, SizeIs(2)) << "both invoices' first reminders";
  int resent = 0;
  for (const auto& [message_id, count] : copies) {
    EXPECT_LE(count, 2) << message_id;
    if (count == 2) ++resent;
  }
  EXPECT_EQ(resent, 1) << "only the message in flight is sent again";

  // Both reminders are sent, each logged once.
  const nlohmann::json sent = relance_->Json(
      {"reminder", "list", "--state", "sent", "--all"})["reminders"];
  ASSERT_THAT(sent, SizeIs(2));
  for (const nlohmann::json& reminder : sent) {
    const CommandResult shown =
        relance_->Cli({"reminder", "get", std::string(reminder["id"])});
    ASSERT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_EQ(absl::StrContains(shown.out, "preview"), false);
    size_t logged = 0;
    for (size_t at = shown.out.find("email sent"); at != std::string::npos;
         at = shown.out.find("email sent", at + 1)) {
      ++logged;
    }
    EXPECT_EQ(logged, 1u) << shown.out;
  }
}

}  // namespace
}  // namespace relance
