// Two live relanced replicas on one PostgreSQL database, each running the
// engine every second, send through a slow mail relay: the SMTP server holds
// each message's "250 OK" for 0.6 s while the dispatchers' claims last 1 s. A
// replica that claimed a page of reminders and then delivered them one by one
// let its later claims expire, and the other replica sent those again; each
// message's reminders are now claimed right before it is delivered, so the
// relay receives each message once.
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/domain/business_calendar.h"
#include "tests/e2e/relance_process.h"
#include "tests/testing/smtp_test_server.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/test_database.h"

namespace relance {
namespace {

using testing::CommandResult;
using testing::Relance;
using testing::SmtpTestServer;

TEST(SlowRelayE2eTest, TwoReplicasSendEachMessageOnceThroughASlowRelay) {
  RELANCE_SKIP_WITHOUT_TEST_DATABASE(storage::Dialect::kPostgresql);
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> database =
      testing::TestDatabase::Create(storage::Dialect::kPostgresql);
  ASSERT_TRUE(database.ok()) << database.status();
  absl::StatusOr<std::unique_ptr<SmtpTestServer>> smtp =
      SmtpTestServer::Start({.hold = absl::Milliseconds(600)});
  ASSERT_TRUE(smtp.ok()) << smtp.status();
  const std::string dir = testing::MakeTempDir();
  const std::string config = dir + "/relanced.yaml";
  std::ofstream(config) << "creditor:\n"
                           "  name: Atelier Martin SAS\n"
                           "  address: [3 place Bellecour, 69002 Lyon]\n"
                           "  city: Lyon\n"
                           "email:\n"
                           "  smtp_url: "
                        << (*smtp)->url()
                        << "\n"
                           "  require_tls: false\n"
                           "  from: compta@atelier-martin.fr\n";

  // Both live on the next business day at 10:00 in Paris, inside the send
  // window of their periodic runs, whatever the hour the test runs at.
  absl::TimeZone paris;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Paris", &paris));
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), paris);
  const BusinessCalendar calendar = BusinessCalendar::French();
  absl::CivilDay day = today + 1;
  while (!calendar.IsBusinessDay(day)) ++day;
  const absl::Time ten_in_paris = absl::FromCivil(
      absl::CivilSecond(day.year(), day.month(), day.day(), 10), paris);
  std::vector<std::unique_ptr<Relance>> replicas;
  for (const char* name : {"a", "b"}) {
    ASSERT_EQ(mkdir((dir + "/" + name).c_str(), 0755), 0);
    replicas.push_back(
        std::make_unique<Relance>((*database)->url(), dir + "/" + name));
    replicas.back()->set_admin_token_path(dir + "/admin.token");
    replicas.back()->set_extra_flags(
        {"--config", config, "--claim-lease", "1", "--retry-delay", "1"});
    replicas.back()->set_dunning_interval("1");
  }
  const std::int64_t ahead = absl::ToInt64Seconds(ten_in_paris - absl::Now());
  replicas[0]->LiveSecondsAhead(ahead);
  ASSERT_FALSE(HasFatalFailure());
  replicas[1]->LiveSecondsAhead(ahead);
  ASSERT_FALSE(HasFatalFailure());

  // Twelve clients, each with an overdue invoice; their addresses make the
  // relay hold every message.
  constexpr int kInvoices = 12;
  const std::string csv = dir + "/book.csv";
  {
    std::ofstream out(csv);
    out << "number,client_reference,client_name,client_email,issue_date,"
           "due_date,currency,total\n";
    for (int i = 0; i < kInvoices; ++i) {
      out << "F-" << i << ",C-" << i << ",Client " << i << ",hold-" << i
          << "@example.org," << absl::FormatCivilTime(day - 40) << ","
          << absl::FormatCivilTime(day - 10) << ",EUR,100\n";
    }
  }
  const CommandResult imported = replicas[0]->Cli({"invoice", "import", csv});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  // Both replicas' own periodic runs (every second) dispatch what falls due,
  // while the relay takes 0.6 s a message: wait for every reminder sent.
  size_t sent_count = 0;
  for (int poll = 0; poll < 120 && sent_count < kInvoices; ++poll) {
    absl::SleepFor(absl::Milliseconds(500));  // Real deliveries take time.
    sent_count = replicas[poll % 2]
                     ->Json({"reminder", "list", "--state", "sent",
                             "--all"})["reminders"]
                     .size();
  }
  ASSERT_EQ(sent_count, static_cast<size_t>(kInvoices));
  // A claim that expired during a delivery would be taken up by the other
  // replica within a second or two: give it the time to show.
  absl::SleepFor(absl::Seconds(3));

  absl::StatusOr<std::vector<testing::ReceivedMail>> mail = (*smtp)->Messages();
  ASSERT_TRUE(mail.ok()) << mail.status();
  std::map<std::string, int> copies;
  for (const testing::ReceivedMail& message : *mail) {
    ++copies[message.message_id];
  }
  EXPECT_EQ(copies.size(), static_cast<size_t>(kInvoices));
  for (const auto& [message_id, count] : copies) {
    EXPECT_EQ(count, 1) << message_id << " received " << count << " times";
  }
}

}  // namespace
}  // namespace relance
