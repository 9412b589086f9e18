// The collections workflow end to end: the real relanced (with a real SMTP
// server on loopback) and the real relance. A book is imported and dunned; a
// call goes unanswered, the next one brings a promise that is then broken, a
// dispute is opened and resolved, a plan of three instalments is agreed and one
// is missed. The timeline must say exactly that, in order, and the reminders
// must wait and resume on the right days.
//
// relanced runs on the real clock, so every date is computed from today.

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
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

namespace relance {
namespace {

using testing::CommandResult;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Relance;
using ::testing::SizeIs;
using testing::SmtpTestServer;

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

std::int64_t Id(const nlohmann::json& value) {
  std::int64_t id = 0;
  if (value.is_string()) {
    EXPECT_TRUE(absl::SimpleAtoi(value.get<std::string>(), &id)) << value;
  } else if (value.is_number_integer()) {
    id = value.get<std::int64_t>();
  }
  return id;
}

// The action of `kind` on `step` among a run's actions on one invoice, or
// null.
const nlohmann::json* Find(const std::vector<nlohmann::json>& actions,
                           const std::string& kind, const std::string& step) {
  for (const nlohmann::json& action : actions) {
    if (action.value("kind", "") == kind &&
        action.value("stepKey", "") == step) {
      return &action;
    }
  }
  return nullptr;
}

class WorkflowE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    absl::StatusOr<std::unique_ptr<SmtpTestServer>> smtp =
        SmtpTestServer::Start({});
    ASSERT_TRUE(smtp.ok()) << smtp.status();
    smtp_ = *std::move(smtp);
    const std::string config = dir_ + "/relanced.yaml";
    std::ofstream(config) << "creditor:\n"
                             "  name: Atelier Martin SAS\n"
                             "  address: [3 place Bellecour, 69002 Lyon]\n"
                             "  city: Lyon\n"
                             "email:\n"
                             "  smtp_url: "
                          << smtp_->url()
                          << "\n"
                             "  require_tls: false\n"
                             "  from: compta@atelier-martin.fr\n";
    relance_ = std::make_unique<Relance>(
        absl::StrCat("sqlite:", dir_, "/relance.db"), dir_);
    relance_->set_extra_flags({"--config", config});
    relance_->StartServer();
    // The clients' days: their time zone is Paris.
    today_ = absl::ToCivilDay(absl::Now(),
                              absl::LoadTimeZone("Europe/Paris", &paris_)
                                  ? paris_
                                  : absl::UTCTimeZone());
  }

  nlohmann::json Json(std::vector<std::string> args) {
    args.insert(args.begin(), {"--token", relance_->TokenFor("alice")});
    return relance_->Json(std::move(args));
  }

  // What a run as of `day` did, by invoice number: "KIND step reason".
  // relanced lives on `day` (the debtor's clock is the server's), then runs.
  std::map<std::string, std::vector<nlohmann::json>> Run(absl::CivilDay day) {
    relance_->LiveDaysAhead(std::max(0, static_cast<int>(day - today_)));
    const nlohmann::json run =
        relance_->Json({"dunning", "run", "--as-of", Day(day)});
    std::map<std::string, std::vector<nlohmann::json>> by_invoice;
    if (run.contains("actions")) {
      for (const nlohmann::json& action : run["actions"]) {
        by_invoice[action.value("invoiceNumber", "")].push_back(action);
      }
    }
    return by_invoice;
  }

  std::string dir_;
  std::unique_ptr<SmtpTestServer> smtp_;
  std::unique_ptr<Relance> relance_;
  absl::TimeZone paris_;
  absl::CivilDay today_;
  const BusinessCalendar calendar_ = BusinessCalendar::French();
};

TEST_F(WorkflowE2eTest, TheTimelineTellsExactlyWhatHappenedInOrder) {
  const absl::CivilDay t = today_;
  {
    const std::string book = dir_ + "/book.csv";
    std::ofstream csv(book);
    csv << "number,client_reference,issue_date,due_date,currency,total,"
           "client_name,client_email,client_address\n";
    for (const auto& [number, total] :
         std::vector<std::pair<std::string, std::string>>{
             {"F-A", "1200.00"}, {"F-B", "900.00"}, {"F-C", "1500.00"}}) {
      csv << number << ",K-1," << Day(t - 33) << "," << Day(t - 3) << ",EUR,"
          << total
          << ",Dupont SARL,compta@dupont.example,1 rue de la Paix | 75002 "
             "Paris\n";
    }
    csv.close();
    const CommandResult import = relance_->Cli({"invoice", "import", book});
    ASSERT_EQ(import.exit_code, 0) << import.err;
  }
  const nlohmann::json clients = relance_->Json({"client", "list"});
  ASSERT_THAT(clients["clients"], SizeIs(1));
  const std::string client = absl::StrCat(Id(clients["clients"][0]["id"]));
  std::map<std::string, std::string> invoice;
  const nlohmann::json invoices = relance_->Json({"invoice", "list"});
  for (const nlohmann::json& each : invoices["invoices"]) {
    invoice[each["number"]] = absl::StrCat(Id(each["id"]));
  }
  ASSERT_THAT(invoice, SizeIs(3));

  // First reminders, by email.
  const absl::CivilDay d0 = calendar_.NextBusinessDay(t + 1);
  auto first = Run(d0);
  for (const char* number : {"F-A", "F-B", "F-C"}) {
    EXPECT_NE(Find(first[number], "KIND_DUE", "first_reminder"), nullptr)
        << number;
  }

  // A call nobody answers plans the next one; the next brings a promise.
  const nlohmann::json no_answer =
      Json({"call", "log", "--client", client, "--invoice", invoice["F-A"],
            "--outcome", "no-answer", "--notes", "voicemail"});
  ASSERT_TRUE(no_answer.contains("followUp")) << no_answer;
  EXPECT_EQ(no_answer["followUp"]["state"], "REMINDER_STATE_SCHEDULED");
  const absl::CivilDay promised = t + 10;
  const absl::CivilDay promise_until = promised + 3;
  const nlohmann::json promise = Json(
      {"call", "log", "--client", client, "--invoice", invoice["F-A"],
       "--outcome", "promise", "--amount", "600", "--date", Day(promised)});
  EXPECT_EQ(promise["promise"]["untilDate"], Day(promise_until));
  // A dispute on the second invoice, a plan for the third.
  const nlohmann::json dispute =
      Json({"dispute", "open", "--invoice", invoice["F-B"], "--reason",
            "two parts missing from the delivery", "--deadline", Day(t + 60)});
  const std::string dispute_id = absl::StrCat(Id(dispute["dispute"]["id"]));
  const nlohmann::json plan =
      Json({"plan", "create", "--invoice", invoice["F-C"], "--instalments", "3",
            "--first-date", Day(t + 2), "--every", "14d"});
  ASSERT_THAT(plan["plan"]["instalments"], SizeIs(3));
  EXPECT_EQ(plan["plan"]["instalments"][1]["dueDate"], Day(t + 16));
  const CommandResult paid =
      relance_->Cli({"payment", "record", "--invoice", invoice["F-C"],
                     "--amount", "500", "--date", Day(t)});
  ASSERT_EQ(paid.exit_code, 0) << paid.err;

  // The second step's day comes: each invoice waits, for its own reason.
  const absl::CivilDay r0 = calendar_.NextBusinessDay(std::max(t + 7, d0 + 5));
  ASSERT_LE(r0, promise_until) << "the test's dates leave no day to wait";
  auto waiting = Run(r0);
  const nlohmann::json* held =
      Find(waiting["F-A"], "KIND_HOLD", "second_reminder");
  ASSERT_NE(held, nullptr) << nlohmann::json(waiting["F-A"]);
  EXPECT_EQ((*held)["reason"], absl::StrCat("payment promised, waiting until ",
                                            Day(promise_until)));
  // It will wait until the first business day after the promise's grace.
  const absl::CivilDay resume = calendar_.NextBusinessDay(promise_until + 1);
  EXPECT_EQ((*held)["scheduledTime"],
            absl::FormatTime(
                "%Y-%m-%dT%H:%M:%SZ",
                absl::FromCivil(absl::CivilSecond(resume) + 9 * 3600, paris_),
                absl::UTCTimeZone()));
  for (const auto& [number, reason] :
       std::vector<std::pair<std::string, std::string>>{
           {"F-B", "invoice disputed"}, {"F-C", "payment plan"}}) {
    const nlohmann::json* waits =
        Find(waiting[number], "KIND_HOLD", "second_reminder");
    ASSERT_NE(waits, nullptr) << nlohmann::json(waiting[number]);
    EXPECT_THAT((*waits)["reason"].get<std::string>(), HasSubstr(reason));
    EXPECT_EQ(Find(waiting[number], "KIND_DUE", "second_reminder"), nullptr);
  }

  // The dispute is resolved against the client; the promise is not kept.
  const CommandResult resolved = relance_->Cli(
      {"--token", relance_->TokenFor("bob"), "dispute", "resolve", dispute_id,
       "--outcome", "claim-rejected", "--resolution", "delivery note signed"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  auto resumed = Run(resume);
  EXPECT_NE(Find(resumed["F-A"], "KIND_DUE", "second_reminder"), nullptr);
  EXPECT_NE(Find(resumed["F-B"], "KIND_DUE", "second_reminder"), nullptr);
  EXPECT_TRUE(resumed["F-C"].empty());  // The plan still runs.

  // The second instalment is not paid: missed after three days of grace.
  Run(calendar_.NextBusinessDay(t + 20));
  const nlohmann::json after =
      Json({"plan", "get", absl::StrCat(Id(plan["plan"]["id"]))});
  EXPECT_EQ(after["plan"]["instalments"][0]["state"], "INSTALMENT_STATE_PAID");
  EXPECT_EQ(after["plan"]["instalments"][1]["state"],
            "INSTALMENT_STATE_MISSED");
  EXPECT_EQ(after["plan"]["state"], "PLAN_STATE_ACTIVE");

  // The timeline, in order, with who did what.
  const nlohmann::json timeline =
      Json({"timeline", "--client", client})["entries"];
  std::vector<std::string> story;
  for (const nlohmann::json& entry : timeline) {
    std::string number;
    for (const auto& [each, id] : invoice) {
      if (entry.contains("invoiceId") &&
          absl::StrCat(Id(entry["invoiceId"])) == id) {
        number = each;
      }
    }
    story.push_back(absl::StrCat(entry["kind"].get<std::string>(), " ", number,
                                 " ", entry.value("actor", "")));
  }
  const std::string sent = "ENTRY_KIND_MESSAGE_SENT";
  EXPECT_THAT(story,
              ElementsAre(HasSubstr(sent + " F-A"), HasSubstr(sent + " F-B"),
                          HasSubstr(sent + " F-C"), "ENTRY_KIND_CALL F-A alice",
                          "ENTRY_KIND_CALL F-A alice",
                          "ENTRY_KIND_PROMISE_MADE F-A alice",
                          "ENTRY_KIND_DISPUTE_OPENED F-B alice",
                          "ENTRY_KIND_PLAN_CREATED F-C alice",
                          HasSubstr("ENTRY_KIND_PAYMENT_RECEIVED F-C"),
                          HasSubstr("ENTRY_KIND_INSTALMENT_PAID F-C"),
                          "ENTRY_KIND_DISPUTE_RESOLVED F-B bob",
                          HasSubstr("ENTRY_KIND_PROMISE_BROKEN F-A"),
                          HasSubstr(sent + " F-A"), HasSubstr(sent + " F-A"),
                          HasSubstr(sent + " F-B"), HasSubstr(sent + " F-B"),
                          HasSubstr("ENTRY_KIND_INSTALMENT_MISSED F-C"),
                          HasSubstr(sent + " F-C")));
  // Each entry raised its event, in order.
  for (size_t i = 1; i < timeline.size(); ++i) {
    EXPECT_GT(Id(timeline[i]["eventSequence"]),
              Id(timeline[i - 1]["eventSequence"]));
  }

  // The missed instalment's email reached the client, about that instalment.
  absl::StatusOr<std::vector<testing::ReceivedMail>> mailbox =
      smtp_->Messages();
  ASSERT_TRUE(mailbox.ok()) << mailbox.status();
  int about_instalment = 0;
  for (const testing::ReceivedMail& mail : *mailbox) {
    if (absl::StrContains(mail.subject, "échéance n° 2")) {
      ++about_instalment;
      EXPECT_THAT(mail.text, HasSubstr("500,00"));
    }
  }
  EXPECT_EQ(about_instalment, 1);
}

}  // namespace
}  // namespace relance
