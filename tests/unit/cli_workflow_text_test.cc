// What the collections workflow commands read and write without a server: the
// dates and instants typed, a plan's interval and instalments, the enum words
// and the timeline's lines and CSV.

#include <sstream>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "client-cli/enum_text.h"
#include "client-cli/output.h"
#include "client-cli/workflow_tables.h"
#include "client-cli/workflow_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace relance::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;
using ::testing::StartsWith;

// 2026-11-23 09:00:00 UTC.
constexpr std::int64_t kMonday23NovAt9 = 1795424400;

TEST(ParseDayTest, TakesRealCalendarDaysOnly) {
  const absl::StatusOr<absl::CivilDay> day = ParseDay("2026-02-28");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2026, 2, 28));
  for (const char* bad : {"2026-02-30", "2026-2-5", "26-02-05", "2026-02-05x",
                          "+2026-02-05", ""}) {
    EXPECT_FALSE(ParseDay(bad).ok()) << bad;
  }
  EXPECT_THAT(std::string(ParseDay("tomorrow").status().message()),
              HasSubstr("YYYY-MM-DD"));
}

TEST(DayStartTest, IsMidnightUtc) {
  EXPECT_EQ(DayStart(absl::CivilDay(2026, 11, 23)).seconds(),
            kMonday23NovAt9 - 9 * 3600);
  EXPECT_EQ(DayStart(absl::CivilDay(2026, 11, 23)).nanos(), 0);
}

TEST(ParseInstantTest, ReadsUtcMinutesOrRfc3339WithItsOffset) {
  const auto utc = ParseInstant("2026-11-23 09:00");
  ASSERT_TRUE(utc.ok()) << utc.status();
  EXPECT_EQ(utc->seconds(), kMonday23NovAt9);

  const auto paris = ParseInstant("2026-11-23T10:00:00+01:00");
  ASSERT_TRUE(paris.ok()) << paris.status();
  EXPECT_EQ(paris->seconds(), kMonday23NovAt9);

  const auto fraction = ParseInstant("2026-11-23T09:00:00.25Z");
  ASSERT_TRUE(fraction.ok()) << fraction.status();
  EXPECT_EQ(fraction->seconds(), kMonday23NovAt9);
  EXPECT_EQ(fraction->nanos(), 250000000);

  EXPECT_FALSE(ParseInstant("2026-11-23").ok());
  EXPECT_FALSE(ParseInstant("23/11/2026 09:00").ok());
}

TEST(ParseEveryTest, DaysWeeksOrMonths) {
  auto every = ParseEvery("30d");
  ASSERT_TRUE(every.ok()) << every.status();
  EXPECT_EQ(every->days, 30);
  EXPECT_EQ(every->months, 0);

  every = ParseEvery("2w");
  ASSERT_TRUE(every.ok()) << every.status();
  EXPECT_EQ(every->days, 14);
  EXPECT_EQ(every->months, 0);

  every = ParseEvery("1m");
  ASSERT_TRUE(every.ok()) << every.status();
  EXPECT_EQ(every->days, 0);
  EXPECT_EQ(every->months, 1);

  for (const char* bad :
       {"", "d", "30", "0d", "-1d", "1y", "1.5m", "1000d", " 1m", "1 m"}) {
    EXPECT_FALSE(ParseEvery(bad).ok()) << bad;
  }
  EXPECT_THAT(std::string(ParseEvery("monthly").status().message()),
              HasSubstr("30d, 2w or 1m"));
}

TEST(ParseInstalmentTest, SplitsDateAndAmount) {
  const auto instalment = ParseInstalment("2026-12-01=500.00");
  ASSERT_TRUE(instalment.ok()) << instalment.status();
  EXPECT_EQ(instalment->due_date, "2026-12-01");
  EXPECT_EQ(instalment->amount, "500.00");

  EXPECT_FALSE(ParseInstalment("2026-12-01").ok());
  EXPECT_FALSE(ParseInstalment("2026-12-01=").ok());
  EXPECT_FALSE(ParseInstalment("2026-12-32=500").ok());
  EXPECT_FALSE(ParseInstalment("=500").ok());
}

TEST(WorkflowEnumTextTest, WordsRoundTripWhateverTheSeparator) {
  EXPECT_THAT(ParseCallOutcome("no-answer"),
              Optional(v1::CALL_OUTCOME_NO_ANSWER));
  EXPECT_THAT(ParseCallOutcome("No_Answer"),
              Optional(v1::CALL_OUTCOME_NO_ANSWER));
  EXPECT_THAT(ParseCallOutcome("wrong number"),
              Optional(v1::CALL_OUTCOME_WRONG_NUMBER));
  EXPECT_EQ(ParseCallOutcome("voicemail"), std::nullopt);
  EXPECT_EQ(CallOutcomeName(v1::CALL_OUTCOME_PROMISE), "promise");
  EXPECT_EQ(CallOutcomeName(v1::CALL_OUTCOME_UNSPECIFIED), "");

  EXPECT_THAT(ParseEntryKind("promise-broken"),
              Optional(v1::ENTRY_KIND_PROMISE_BROKEN));
  EXPECT_THAT(ParseEntryKind("message sent"),
              Optional(v1::ENTRY_KIND_MESSAGE_SENT));
  EXPECT_EQ(EntryKindName(v1::ENTRY_KIND_CREDIT_NOTE_RECORDED),
            "credit note recorded");
  EXPECT_EQ(ParseEntryKind("promise"), std::nullopt);

  EXPECT_THAT(ParseDisputeOutcome("credit-note"),
              Optional(v1::DISPUTE_OUTCOME_CREDIT_NOTE_ISSUED));
  EXPECT_EQ(DisputeOutcomeName(v1::DISPUTE_OUTCOME_CLAIM_REJECTED),
            "claim-rejected");
  EXPECT_THAT(ParseDisputeState("resolved"),
              Optional(v1::DISPUTE_STATE_RESOLVED));
  EXPECT_THAT(ParsePromiseState("kept"), Optional(v1::PROMISE_STATE_KEPT));
  EXPECT_THAT(ParsePlanState("cancelled"), Optional(v1::PLAN_STATE_CANCELLED));
  EXPECT_EQ(InstalmentStateName(v1::INSTALMENT_STATE_MISSED), "missed");
}

TEST(WorkflowEnumTextTest, EveryFlagNameParsesBack) {
  const std::vector<std::string> kinds = EntryKindFlagNames();
  ASSERT_EQ(kinds.size(), 28u);
  EXPECT_EQ(kinds.front(), "message-sent");
  for (const std::string& name : kinds) {
    EXPECT_TRUE(ParseEntryKind(name).has_value()) << name;
  }
  for (const std::string& name : CallOutcomeNames()) {
    EXPECT_TRUE(ParseCallOutcome(name).has_value()) << name;
  }
  for (const std::string& name : DisputeOutcomeNames()) {
    EXPECT_TRUE(ParseDisputeOutcome(name).has_value()) << name;
  }
}

v1::TimelineEntry Call() {
  v1::TimelineEntry entry;
  entry.set_id(12);
  entry.set_client_id(3);
  entry.set_kind(v1::ENTRY_KIND_CALL);
  entry.set_actor("jdupont");
  entry.mutable_occurred_time()->set_seconds(kMonday23NovAt9);
  entry.set_summary("Call: no answer");
  return entry;
}

TEST(TimelineTextTest, OneLineInUtcThenTheTextIndented) {
  EXPECT_EQ(TimelineText(Call()),
            "2026-11-23 09:00  call  jdupont  Call: no answer  (entry 12)\n");

  v1::TimelineEntry note = Call();
  note.set_kind(v1::ENTRY_KIND_NOTE);
  note.set_summary("Note");
  note.set_text("Rappeler lundi.\nDemander Mme Roux.\n");
  note.set_corrects_entry_id(9);
  EXPECT_EQ(TimelineText(note),
            "2026-11-23 09:00  note  jdupont  Note  (entry 12, corrects entry "
            "9)\n"
            "    Rappeler lundi.\n"
            "    Demander Mme Roux.\n");

  // The invoice it concerns, by number, after who.
  v1::TimelineEntry about_invoice = Call();
  about_invoice.set_invoice_id(7);
  about_invoice.set_invoice_number("FA-2026-0412");
  EXPECT_EQ(TimelineText(about_invoice),
            "2026-11-23 09:00  call  jdupont  FA-2026-0412  Call: no answer  "
            "(entry 12)\n");
}

TEST(TimelineSectionTest, CsvHasEveryColumn) {
  google::protobuf::RepeatedPtrField<v1::TimelineEntry> entries;
  v1::TimelineEntry& promise = *entries.Add() = Call();
  promise.set_kind(v1::ENTRY_KIND_PROMISE_MADE);
  promise.set_promise_id(4);
  promise.mutable_amount()->set_minor_units(50000);
  promise.mutable_amount()->set_currency_code("EUR");
  promise.set_date("2026-12-01");
  std::ostringstream out;
  OutputWriter(OutputFormat::kCsv, {",", " "}, out)
      .Write(v1::ListTimelineResponse(), {TimelineSection(entries)});
  const std::string csv = out.str();
  EXPECT_THAT(csv, StartsWith("id,occurred_time,record_time,kind,actor,"));
  EXPECT_THAT(csv, HasSubstr("\r\n12,2026-11-23T09:00:00Z,,promise made,"
                             "jdupont,3,,,Call: no answer,,,,,500.00,"
                             "2026-12-01,,4,"));
}

}  // namespace
}  // namespace relance::cli
