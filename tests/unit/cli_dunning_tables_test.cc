// The outputs of the policy, dunning and reminder commands: what a table, CSV
// and the enum words show.

#include <google/protobuf/util/time_util.h>

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "client-cli/enum_text.h"
#include "client-cli/output.h"
#include "client-cli/record_tables.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/api_money.h"

namespace relance::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using testing::Money;

std::string Render(OutputFormat format, const std::vector<Section>& sections) {
  std::ostringstream out;
  // The message only matters for JSON.
  OutputWriter(format, {",", " "}, out).Write(v1::Policy(), sections);
  return out.str();
}

// The lines of `text`, without the spaces that pad empty last columns.
std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines =
      absl::StrSplit(text, '\n', absl::SkipEmpty());
  for (std::string& line : lines) {
    line.erase(line.find_last_not_of(' ') + 1);
  }
  return lines;
}

// 2026-03-02 08:00 UTC: 09:00 in Paris in winter.
google::protobuf::Timestamp MondayMorning() {
  return google::protobuf::util::TimeUtil::SecondsToTimestamp(1772438400);
}

v1::Policy Ladder() {
  v1::Policy policy;
  policy.set_id(3);
  policy.set_name("Relance B2B France");
  policy.set_is_default(true);
  policy.set_grouping(v1::GROUPING_PER_INVOICE);
  policy.set_send_window_start("09:00");
  policy.set_send_window_end("18:00");
  policy.set_etag("5");
  v1::PolicyStep* courtesy = policy.add_steps();
  courtesy->set_key("courtesy");
  courtesy->set_offset_days(-3);
  courtesy->add_channels(v1::CHANNEL_EMAIL);
  v1::PolicyStep* notice = policy.add_steps();
  notice->set_key("formal_notice");
  notice->set_offset_days(30);
  notice->set_min_gap_days(5);
  notice->add_channels(v1::CHANNEL_REGISTERED_LETTER);
  notice->add_channels(v1::CHANNEL_EMAIL);
  *notice->add_min_outstanding() = Money(5000, "EUR");
  *notice->mutable_fee()->mutable_fixed() = Money(4000, "EUR");
  notice->set_formal_notice(true);
  notice->set_notice_deadline_days(8);
  v1::PolicyStep* collection = policy.add_steps();
  collection->set_key("collection");
  collection->set_offset_days(45);
  collection->add_channels(v1::CHANNEL_LETTER);
  collection->set_actor(v1::ACTOR_BACK_OFFICE);
  *collection->add_min_outstanding() = Money(5000, "EUR");
  *collection->add_min_outstanding() = Money(6000, "USD");
  collection->mutable_fee()->set_percent_basis_points(250);
  collection->set_hand_over(true);
  return policy;
}

TEST(PolicyTablesTest, ThePolicyThenItsLadderOneStepPerRow) {
  const v1::Policy policy = Ladder();
  const std::string table =
      Render(OutputFormat::kTable,
             {PolicySection(policy), PolicyStepsSection(policy.steps())});
  EXPECT_THAT(table, HasSubstr("name:        Relance B2B France\n"));
  EXPECT_THAT(table, HasSubstr("default:     yes\n"));
  EXPECT_THAT(table, HasSubstr("send window: 09:00-18:00\n"));
  EXPECT_THAT(table, HasSubstr("steps:       3\n"));

  const std::vector<std::string> lines = Lines(table.substr(
      table.find("\nsteps:\n") + std::string("\nsteps:\n").size()));
  ASSERT_THAT(lines, ::testing::SizeIs(4));
  EXPECT_THAT(lines[0], ::testing::StartsWith("KEY            OFFSET DAYS  "
                                              "MIN GAP DAYS  CHANNELS"));
  EXPECT_THAT(lines[1], ::testing::StartsWith("courtesy       -3"));
  EXPECT_THAT(lines[2], HasSubstr("registered_letter, email"));
  EXPECT_THAT(lines[2], HasSubstr("50,00 EUR"));
  EXPECT_THAT(lines[2], HasSubstr("40,00 EUR"));
  EXPECT_THAT(lines[2], HasSubstr("8 days to pay"));
  EXPECT_THAT(lines[3], HasSubstr("back_office"));
  // Several minimums share a cell, written the way a policy file writes them.
  EXPECT_THAT(lines[3], HasSubstr("50.00 EUR, 60.00 USD"));
  EXPECT_THAT(lines[3], HasSubstr("2.5 %"));
  EXPECT_THAT(lines[3], ::testing::EndsWith("yes"));
}

TEST(PolicyTablesTest, ListShowsOnePolicyPerRow) {
  google::protobuf::RepeatedPtrField<v1::Policy> policies;
  *policies.Add() = Ladder();
  policies.Add()->set_id(4);
  policies.Mutable(1)->set_name("Gentle");
  const std::string table =
      Render(OutputFormat::kTable, {PoliciesSection(policies)});
  EXPECT_THAT(Lines(table),
              ElementsAre("ID  NAME                DEFAULT  GROUPING     "
                          "SEND WINDOW  STEPS  ETAG",
                          "3   Relance B2B France  yes      per_invoice  "
                          "09:00-18:00  3      5",
                          "4   Gentle                                    "
                          "             0"));
}

v1::DunningAction Action(v1::DunningAction::Kind kind) {
  v1::DunningAction action;
  action.set_kind(kind);
  action.set_invoice_id(12);
  action.set_invoice_number("F-2026-001");
  action.set_client_id(3);
  action.set_step_key("phone_call");
  action.set_step_index(3);
  action.add_channels(v1::CHANNEL_PHONE);
  action.set_actor(v1::ACTOR_OWNER);
  action.set_assignee("alice");
  *action.mutable_scheduled_time() = MondayMorning();
  *action.mutable_outstanding() = Money(124050, "EUR");
  return action;
}

TEST(DunningTablesTest, ActionsShowLocalTimeAndLocaleMoney) {
  google::protobuf::RepeatedPtrField<v1::DunningAction> actions;
  *actions.Add() = Action(v1::DunningAction::KIND_SCHEDULE);
  v1::DunningAction* skipped = actions.Add();
  *skipped = Action(v1::DunningAction::KIND_SKIP);
  skipped->clear_scheduled_time();
  skipped->set_reason("under the minimum of 50,00 EUR");
  const absl::TimeZone paris = absl::FixedTimeZone(3600);

  const std::vector<std::string> lines = Lines(
      Render(OutputFormat::kTable, {DunningActionsSection(actions, paris)}));
  ASSERT_THAT(lines, ::testing::SizeIs(3));
  EXPECT_EQ(lines[0],
            "KIND      INVOICE NUMBER  CLIENT ID  STEP KEY    CHANNELS  "
            "ASSIGNEE  SCHEDULED          OUTSTANDING  REASON");
  EXPECT_EQ(lines[1],
            "schedule  F-2026-001      3          phone_call  phone     alice "
            "    2026-03-02 09:00  1 240,50 EUR");
  EXPECT_THAT(lines[2], HasSubstr("under the minimum of 50,00 EUR"));

  // CSV has the machine forms as well.
  const std::vector<std::string> csv = Lines(
      Render(OutputFormat::kCsv, {DunningActionsSection(actions, paris)}));
  EXPECT_EQ(csv[0],
            "kind,invoice_number,invoice_id,client_id,step_key,step_index,"
            "channels,actor,assignee,scheduled,scheduled_time,currency,"
            "outstanding,fee,notice_deadline,reason\r");
  EXPECT_EQ(
      csv[1],
      "schedule,F-2026-001,12,3,phone_call,3,phone,owner,alice,2026-03-02 "
      "09:00,2026-03-02T08:00:00Z,EUR,1240.50,,,\r");
}

TEST(DunningTablesTest, SummaryCountsActionsByKind) {
  google::protobuf::RepeatedPtrField<v1::DunningAction> actions;
  *actions.Add() = Action(v1::DunningAction::KIND_DUE);
  *actions.Add() = Action(v1::DunningAction::KIND_SCHEDULE);
  *actions.Add() = Action(v1::DunningAction::KIND_SCHEDULE);
  *actions.Add() = Action(v1::DunningAction::KIND_HOLD);
  EXPECT_EQ(DunningSummary(actions, 5, /*preview=*/false),
            "4 actions: 2 scheduled, 1 due, 1 on hold; 5 invoices examined");
  EXPECT_EQ(DunningSummary(actions, 5, /*preview=*/true),
            "4 actions to take: 2 scheduled, 1 due, 1 on hold; 5 invoices "
            "examined (preview: nothing was changed)");
  actions.Clear();
  *actions.Add() = Action(v1::DunningAction::KIND_CANCEL);
  EXPECT_EQ(DunningSummary(actions, 1, false),
            "1 action: 1 cancelled; 1 invoice examined");
  actions.Clear();
  EXPECT_EQ(DunningSummary(actions, 0, false),
            "No action; 0 invoices examined");
  EXPECT_EQ(DunningSummary(actions, 2, true),
            "No action to take; 2 invoices examined (preview: nothing was "
            "changed)");
}

TEST(ReminderTablesTest, OneReminderShowsItsDetails) {
  v1::Reminder reminder;
  reminder.set_id(40);
  reminder.set_invoice_id(12);
  reminder.set_invoice_number("F-2026-001");
  reminder.set_client_id(3);
  reminder.set_step_key("formal_notice");
  reminder.set_step_index(4);
  reminder.add_channels(v1::CHANNEL_REGISTERED_LETTER);
  reminder.set_actor(v1::ACTOR_AUTOMATIC);
  reminder.set_state(v1::REMINDER_STATE_SKIPPED);
  reminder.set_reason("promise to pay");
  *reminder.mutable_scheduled_time() = MondayMorning();
  *reminder.mutable_outstanding() = Money(124050, "EUR");
  *reminder.mutable_fee() = Money(4000, "EUR");
  reminder.set_formal_notice(true);
  reminder.set_notice_deadline("2026-03-10");
  const std::string text =
      Render(OutputFormat::kTable,
             {ReminderSection(reminder, absl::FixedTimeZone(3600))});
  EXPECT_THAT(text, HasSubstr("state:           skipped\n"));
  EXPECT_THAT(text, HasSubstr("scheduled:       2026-03-02 09:00\n"));
  EXPECT_THAT(text, HasSubstr("fee:             40,00 EUR\n"));
  EXPECT_THAT(text, HasSubstr("notice deadline: 2026-03-10\n"));
  EXPECT_THAT(text, HasSubstr("reason:          promise to pay\n"));
  // RFC 3339 is for CSV; unset fields stay out.
  EXPECT_THAT(text, Not(HasSubstr("T08:00:00Z")));
  EXPECT_THAT(text, Not(HasSubstr("hand over")));
}

TEST(DunningEnumTextTest, EveryNameReadsBackAsItsValue) {
  for (int value = 1; v1::Channel_IsValid(value); ++value) {
    const auto channel = static_cast<v1::Channel>(value);
    EXPECT_EQ(ParseChannel(ChannelName(channel)), channel) << value;
  }
  for (int value = 1; v1::Actor_IsValid(value); ++value) {
    const auto actor = static_cast<v1::Actor>(value);
    EXPECT_EQ(ParseActor(ActorName(actor)), actor) << value;
  }
  for (int value = 1; v1::Grouping_IsValid(value); ++value) {
    const auto grouping = static_cast<v1::Grouping>(value);
    EXPECT_EQ(ParseGrouping(GroupingName(grouping)), grouping) << value;
  }
  for (int value = 1; v1::ReminderState_IsValid(value); ++value) {
    const auto state = static_cast<v1::ReminderState>(value);
    EXPECT_EQ(ParseReminderState(ReminderStateName(state)), state) << value;
  }
  for (int value = 1; v1::DunningAction::Kind_IsValid(value); ++value) {
    EXPECT_NE(
        DunningActionKindName(static_cast<v1::DunningAction::Kind>(value)), "")
        << value;
  }
  EXPECT_EQ(ParseChannel("Registered_Letter"), v1::CHANNEL_REGISTERED_LETTER);
  EXPECT_EQ(ParseChannel("fax"), std::nullopt);
  EXPECT_EQ(ChannelName(v1::CHANNEL_UNSPECIFIED), "");
  EXPECT_THAT(ReminderStateNames(),
              ElementsAre("scheduled", "due", "sending", "sent", "done",
                          "skipped", "failed", "cancelled"));
}

}  // namespace
}  // namespace relance::cli
