#include "server/domain/penalties.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/dates.h"
#include "server/domain/field_violations.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/penalty_rates.h"
#include "storage/interfaces/records.h"
#include "tests/testing/status_matchers.h"

// Every expected amount below is computed by hand: the exact interest
// due * rate_bp * days / (10000 * 365) of each segment, summed, rounded once
// half up.
namespace relance {

// Found by gtest through argument-dependent lookup, hence outside the anonymous
// namespace.
void PrintTo(const PenaltySegment& s, std::ostream* out) {
  *out << s.from << ".." << s.to << " " << s.days << "d " << s.due_minor << " @"
       << s.annual_rate_bp << " = " << s.interest_minor;
}

namespace {

using ::relance::testing::StatusIs;
using storage::ClientKind;
using storage::PenaltyRateKind;
using storage::PenaltyRateRecord;
using storage::SettlementKind;
using storage::SettlementRecord;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using Day = absl::CivilDay;

std::vector<PenaltyRateRecord> History() {
  const PenaltyRateKind ecb = PenaltyRateKind::kEcbMainRefinancing;
  const PenaltyRateKind legal = PenaltyRateKind::kLegal;
  return {
      {ecb, Day(2020, 1, 1), 0},     {ecb, Day(2020, 7, 1), 0},
      {ecb, Day(2023, 7, 1), 400},   {ecb, Day(2024, 1, 1), 450},
      {ecb, Day(2024, 7, 1), 425},   {ecb, Day(2025, 1, 1), 315},
      {ecb, Day(2025, 7, 1), 215},   {legal, Day(2024, 1, 1), 507},
      {legal, Day(2024, 7, 1), 492}, {legal, Day(2025, 1, 1), 371},
      {legal, Day(2025, 7, 1), 276},
  };
}

// A B2B invoice of `total_minor` EUR issued 30 days before its due date.
PenaltyInput Invoice(Day due, std::int64_t total_minor, Day as_of) {
  PenaltyInput input;
  input.issue_date = due - 30;
  input.due_date = due;
  input.currency = "EUR";
  input.total_minor = total_minor;
  input.rates = History();
  input.as_of = as_of;
  return input;
}

SettlementRecord Settlement(SettlementKind kind, std::int64_t amount_minor,
                            Day date) {
  SettlementRecord settlement;
  settlement.kind = kind;
  settlement.currency = "EUR";
  settlement.amount_minor = amount_minor;
  settlement.date = date;
  return settlement;
}

PenaltySegment Segment(Day from, Day to, std::int64_t days, std::int64_t due,
                       std::int32_t rate_bp, std::int64_t interest) {
  return {from, to, days, due, rate_bp, interest};
}

MATCHER_P(SegmentIs, expected, "") {
  return arg.from == expected.from && arg.to == expected.to &&
         arg.days == expected.days && arg.due_minor == expected.due_minor &&
         arg.annual_rate_bp == expected.annual_rate_bp &&
         arg.interest_minor == expected.interest_minor;
}

TEST(PenaltiesTest, OneSegmentAtEcbPlusTenPoints) {
  // 1 000.00 EUR due 31 Jan 2024, 1-29 Feb 2024: 29 days at 4.50 + 10 %.
  // 100000 * 1450 * 29 / 3650000 = 1152.05.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyBreakdown breakdown,
      ComputePenalties(Invoice(Day(2024, 1, 31), 100000, Day(2024, 2, 29))));
  EXPECT_EQ(breakdown.basis, PenaltyRateBasis::kEcbPlusTenPoints);
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2024, 2, 1), Day(2024, 2, 29),
                                            29, 100000, 1450, 1152))));
  EXPECT_EQ(breakdown.interest_minor, 1152);
  EXPECT_EQ(breakdown.still_due_minor, 100000);
  EXPECT_EQ(breakdown.indemnity_eur_minor, 4000);
  EXPECT_EQ(breakdown.currency, "EUR");
  EXPECT_THAT(breakdown.warnings, IsEmpty());
}

TEST(PenaltiesTest, PeriodAcrossThirtiethOfJuneUsesEachHalfYearsRate) {
  // 123 456.78 EUR due 15 Jun 2024, as of 20 Jul 2024.
  // 16-30 Jun: 15 days at 14.50 %: 12345678 * 1450 * 15 / 3650000 = 73566.71.
  // 1-20 Jul: 20 days at 14.25 %: 12345678 * 1425 * 20 / 3650000 = 96397.76.
  // Total 169964.47, rounded once: 169964; the July segment shows what it
  // adds to the rounded total (169964 - 73567 = 96397).
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyBreakdown breakdown,
      ComputePenalties(Invoice(Day(2024, 6, 15), 12345678, Day(2024, 7, 20))));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2024, 6, 16), Day(2024, 6, 30),
                                            15, 12345678, 1450, 73567)),
                          SegmentIs(Segment(Day(2024, 7, 1), Day(2024, 7, 20),
                                            20, 12345678, 1425, 96397))));
  EXPECT_EQ(breakdown.interest_minor, 169964);
}

TEST(PenaltiesTest, PeriodAcrossYearEnd) {
  // 11-31 Dec 2024: 21 days at 14.25 % = 819.86; 1-15 Jan 2025: 15 days at
  // 13.15 % = 540.41.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyBreakdown breakdown,
      ComputePenalties(Invoice(Day(2024, 12, 10), 100000, Day(2025, 1, 15))));
  EXPECT_THAT(
      breakdown.segments,
      ElementsAre(SegmentIs(Segment(Day(2024, 12, 11), Day(2024, 12, 31), 21,
                                    100000, 1425, 820)),
                  SegmentIs(Segment(Day(2025, 1, 1), Day(2025, 1, 15), 15,
                                    100000, 1315, 540))));
  EXPECT_EQ(breakdown.interest_minor, 1360);
}

TEST(PenaltiesTest, PartialPaymentStopsInterestOnItsAmountTheDayAfter) {
  // Due 31 Mar 2025; 400.00 paid on 15 Apr, which still bears interest.
  // 1-15 Apr: 15 days on 1000.00 at 13.15 % = 540.41;
  // 16-30 Apr: 15 days on 600.00 = 324.25. Total 864.66, rounded once: 865
  // (rounding each segment would claim 864); the second segment shows 325.
  PenaltyInput input = Invoice(Day(2025, 3, 31), 100000, Day(2025, 4, 30));
  input.settlements = {
      Settlement(SettlementKind::kPayment, 40000, Day(2025, 4, 15))};
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2025, 4, 1), Day(2025, 4, 15),
                                            15, 100000, 1315, 540)),
                          SegmentIs(Segment(Day(2025, 4, 16), Day(2025, 4, 30),
                                            15, 60000, 1315, 325))));
  EXPECT_EQ(breakdown.interest_minor, 865);
  EXPECT_EQ(breakdown.still_due_minor, 60000);
}

TEST(PenaltiesTest, CreditNoteSettlingInFullEndsTheInterestButNotTheIndemnity) {
  // 1-10 Apr 2025: 10 days on 1000.00 at 13.15 % = 360.27, then nothing due.
  PenaltyInput input = Invoice(Day(2025, 3, 31), 100000, Day(2025, 4, 30));
  input.settlements = {
      Settlement(SettlementKind::kCreditNote, 100000, Day(2025, 4, 10))};
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2025, 4, 1), Day(2025, 4, 10),
                                            10, 100000, 1315, 360))));
  EXPECT_EQ(breakdown.still_due_minor, 0);
  EXPECT_EQ(breakdown.indemnity_eur_minor, 4000);
}

TEST(PenaltiesTest, SettlementsBeforeTheDueDateLowerTheBaseAndLaterOnesWait) {
  // 300.00 paid before the due date; 700.00 paid after the as-of day does not
  // count yet. 1-29 Feb 2024: 29 days on 700.00 at 14.50 % = 806.44.
  PenaltyInput input = Invoice(Day(2024, 1, 31), 100000, Day(2024, 2, 29));
  input.settlements = {
      Settlement(SettlementKind::kPayment, 70000, Day(2024, 3, 5)),
      Settlement(SettlementKind::kPayment, 30000, Day(2024, 1, 31))};
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2024, 2, 1), Day(2024, 2, 29),
                                            29, 70000, 1450, 806))));
  EXPECT_EQ(breakdown.still_due_minor, 70000);
}

TEST(PenaltiesTest, PaidOnTheDueDateOwesNothing) {
  PenaltyInput input = Invoice(Day(2024, 1, 31), 100000, Day(2024, 6, 1));
  input.settlements = {
      Settlement(SettlementKind::kPayment, 100000, Day(2024, 1, 31))};
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_THAT(breakdown.segments, IsEmpty());
  EXPECT_EQ(breakdown.interest_minor, 0);
  EXPECT_EQ(breakdown.indemnity_eur_minor, 0);
  EXPECT_EQ(breakdown.still_due_minor, 0);
}

TEST(PenaltiesTest, LeapYearStillDividesBy365) {
  // 1 Jan - 30 Jun 2024, 182 days at 14.50 %: 100000 * 1450 * 182 / 3650000 =
  // 7230.14 (7210.38 if divided by 366).
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyBreakdown breakdown,
      ComputePenalties(Invoice(Day(2023, 12, 31), 100000, Day(2024, 6, 30))));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2024, 1, 1), Day(2024, 6, 30),
                                            182, 100000, 1450, 7230))));
}

TEST(PenaltiesTest, InterestIsRoundedOnceAndTheSegmentsAddUpToIt) {
  // 3.65 EUR at 0 + 10 % (ECB at 0.00 in 2020): 5 days = 365 * 1000 * 5 /
  // 3650000 = 0.5 minor unit in each half-year. Exact sum 1.0: the total is
  // 1 (rounding each half-year first would claim 2); the segments show the
  // rounded running total, 1 then 0, and add up to it.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyBreakdown breakdown,
      ComputePenalties(Invoice(Day(2020, 6, 25), 365, Day(2020, 7, 5))));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2020, 6, 26), Day(2020, 6, 30),
                                            5, 365, 1000, 1)),
                          SegmentIs(Segment(Day(2020, 7, 1), Day(2020, 7, 5), 5,
                                            365, 1000, 0))));
  EXPECT_EQ(breakdown.interest_minor, 1);
}

// The reference: interest day by day, each day's exact amount summed as a
// fraction over 10000 * 365 and rounded once at the end. Written without the
// segments, half-years or settlements logic of the code under test.
std::int64_t ReferenceInterest(const PenaltyInput& input, Day first_day) {
  auto rate_on = [&](Day day) {
    const Day half(day.year(), day.month() <= 6 ? 1 : 7, 1);
    for (const PenaltyRateRecord& rate : input.rates) {
      if (rate.kind == PenaltyRateKind::kEcbMainRefinancing &&
          rate.effective_from == half) {
        return rate.rate_bp + 1000;
      }
    }
    ADD_FAILURE() << "no rate for " << day;
    return 0;
  };
  absl::int128 numerator = 0;
  for (Day day = first_day; day <= input.as_of; ++day) {
    std::int64_t due = input.total_minor;
    for (const SettlementRecord& settlement : input.settlements) {
      if (settlement.date < day) due -= settlement.amount_minor;
    }
    if (due <= 0) break;
    numerator += absl::int128(due) * rate_on(day);
  }
  const absl::int128 denominator = 10000 * 365;
  // Half up: the fraction part at least one half rounds up.
  return static_cast<std::int64_t>((2 * numerator + denominator) /
                                   (2 * denominator));
}

TEST(PenaltiesTest, InterestOverSeveralHalfYearsMatchesADayByDayReference) {
  // Due 15 Mar 2024, as of 10 Sep 2025: four half-years (14.50 %, 14.25 %,
  // 13.15 %, 12.15 %), two part payments. Many amounts, so that rounding each
  // segment would drift from the reference by a cent somewhere.
  int checked = 0;
  for (std::int64_t total = 100001; total < 100001 + 97 * 41; total += 97) {
    PenaltyInput input = Invoice(Day(2024, 3, 15), total, Day(2025, 9, 10));
    input.settlements = {
        Settlement(SettlementKind::kPayment, 12345, Day(2024, 11, 3)),
        Settlement(SettlementKind::kPayment, 23456, Day(2025, 5, 20))};
    RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                                 ComputePenalties(input));
    const std::int64_t reference = ReferenceInterest(input, Day(2024, 3, 16));
    EXPECT_EQ(breakdown.interest_minor, reference) << total;
    std::int64_t sum = 0;
    for (const PenaltySegment& segment : breakdown.segments) {
      sum += segment.interest_minor;
      // Each shown segment is within a cent of its own exact interest.
      const double exact = static_cast<double>(segment.due_minor) *
                           segment.annual_rate_bp * segment.days / 3650000.0;
      EXPECT_LE(std::abs(segment.interest_minor - exact), 1.0) << total;
    }
    EXPECT_EQ(sum, breakdown.interest_minor) << total;
    EXPECT_EQ(breakdown.segments.size(), 6u);  // 4 half-years + 2 payments.
    ++checked;
  }
  EXPECT_EQ(checked, 41);

  // Two half-years of a round amount.
  PenaltyInput input = Invoice(Day(2024, 12, 31), 100000, Day(2025, 9, 30));
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_EQ(breakdown.interest_minor,
            ReferenceInterest(input, Day(2025, 1, 1)));
}

TEST(PenaltiesTest, ConsumerOwesNoInterestNorIndemnityWithoutAFormalNotice) {
  PenaltyInput input = Invoice(Day(2024, 3, 31), 100000, Day(2024, 4, 30));
  input.debtor_kind = ClientKind::kB2C;
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_EQ(breakdown.basis, PenaltyRateBasis::kLegalRate);
  EXPECT_THAT(breakdown.segments, IsEmpty());
  EXPECT_EQ(breakdown.interest_minor, 0);
  EXPECT_FALSE(breakdown.interest_from.has_value());
  EXPECT_EQ(breakdown.indemnity_eur_minor, 0);
  EXPECT_EQ(breakdown.still_due_minor, 100000);
  EXPECT_THAT(breakdown.warnings,
              Contains(AllOf(HasSubstr("no formal notice"),
                             HasSubstr("1231-6 Code civil"))));
  // A notice dated after the as-of day is not known yet.
  input.formal_notice_date = Day(2024, 5, 2);
  RELANCE_ASSERT_OK_AND_ASSIGN(breakdown, ComputePenalties(input));
  EXPECT_EQ(breakdown.interest_minor, 0);
}

TEST(PenaltiesTest, ConsumerPaysTheLegalRateFromTheDayAfterTheFormalNotice) {
  // Notice sent 10 Apr 2024: 11-30 Apr, 20 days at the legal rate 5.07 %
  // (for creditors other than private individuals), not the ECB + 10 points:
  // 100000 * 507 * 20 / 3650000 = 277.81.
  PenaltyInput input = Invoice(Day(2024, 3, 31), 100000, Day(2024, 4, 30));
  input.debtor_kind = ClientKind::kB2C;
  input.formal_notice_date = Day(2024, 4, 10);
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2024, 4, 11), Day(2024, 4, 30),
                                            20, 100000, 507, 278))));
  EXPECT_EQ(breakdown.interest_from, Day(2024, 4, 11));
  EXPECT_EQ(breakdown.indemnity_eur_minor, 0);
  EXPECT_THAT(breakdown.warnings, IsEmpty());

  // The same invoice owed by a business: from the day after the due date, at
  // ECB + 10 points, with the indemnity. 30 days at 14.50 % = 1191.78.
  input.debtor_kind = ClientKind::kB2B;
  RELANCE_ASSERT_OK_AND_ASSIGN(breakdown, ComputePenalties(input));
  EXPECT_EQ(breakdown.interest_from, Day(2024, 4, 1));
  EXPECT_EQ(breakdown.interest_minor, 1192);
  EXPECT_EQ(breakdown.indemnity_eur_minor, 4000);
}

TEST(PenaltiesTest, FormalNoticeDateIsTheFirstNoticeSentByTheAsOfDay) {
  auto reminder = [](bool notice, storage::ReminderState state,
                     std::optional<Day> day) {
    storage::ReminderRecord record;
    record.formal_notice = notice;
    record.state = state;
    record.action_date = day;
    return record;
  };
  using storage::ReminderState;
  const std::vector<storage::ReminderRecord> reminders = {
      reminder(false, ReminderState::kSent, Day(2024, 4, 1)),
      reminder(true, ReminderState::kFailed, Day(2024, 4, 5)),
      reminder(true, ReminderState::kScheduled, std::nullopt),
      reminder(true, ReminderState::kSent, Day(2024, 4, 20)),
      reminder(true, ReminderState::kDone, Day(2024, 4, 12)),
  };
  EXPECT_EQ(FormalNoticeDate(reminders, Day(2024, 5, 1)), Day(2024, 4, 12));
  EXPECT_EQ(FormalNoticeDate(reminders, Day(2024, 4, 10)), std::nullopt);
}

TEST(PenaltiesTest, ContractualRateReplacesTheStatutoryOne) {
  // 1-30 Apr 2024 at 16.00 %: 100000 * 1600 * 30 / 3650000 = 1315.07; above
  // 3 x 5.07 % = 15.21 %, so no warning.
  PenaltyInput input = Invoice(Day(2024, 3, 31), 100000, Day(2024, 4, 30));
  input.contract_rate_bp = 1600;
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_EQ(breakdown.basis, PenaltyRateBasis::kContract);
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2024, 4, 1), Day(2024, 4, 30),
                                            30, 100000, 1600, 1315))));
  EXPECT_EQ(breakdown.indemnity_eur_minor, 4000);
  EXPECT_THAT(breakdown.warnings, IsEmpty());
}

TEST(PenaltiesTest, ContractualRateBelowThreeTimesTheLegalRateIsWarnedAbout) {
  // 12.00 % < 3 x 5.07 % = 15.21 %: still applied (986.30), and warned.
  PenaltyInput input = Invoice(Day(2024, 3, 31), 100000, Day(2024, 4, 30));
  input.contract_rate_bp = 1200;
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_EQ(breakdown.interest_minor, 986);
  EXPECT_THAT(breakdown.warnings,
              ElementsAre(AllOf(HasSubstr("12.00%"), HasSubstr("2024-H1"),
                                HasSubstr("15.21%"))));
}

TEST(PenaltiesTest, MissingHalfYearIsNotChargedAndSaysSo) {
  // No ECB rate for 2026-H1 in the test table. 15-31 Dec 2025: 17 days at
  // 12.15 % = 565.89; 1-31 Jan 2026: not charged.
  PenaltyInput input = Invoice(Day(2025, 12, 14), 100000, Day(2026, 1, 31));
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  PenaltySegment missing =
      Segment(Day(2026, 1, 1), Day(2026, 1, 31), 31, 100000, 0, 0);
  EXPECT_THAT(
      breakdown.segments,
      ElementsAre(SegmentIs(Segment(Day(2025, 12, 15), Day(2025, 12, 31), 17,
                                    100000, 1215, 566)),
                  SegmentIs(missing)));
  EXPECT_FALSE(breakdown.segments[0].rate_missing);
  EXPECT_TRUE(breakdown.segments[1].rate_missing);
  EXPECT_EQ(breakdown.interest_minor, 566);
  EXPECT_THAT(breakdown.missing_rate_half_years, ElementsAre("2026-H1"));
  EXPECT_THAT(breakdown.warnings,
              ElementsAre(AllOf(HasSubstr("2026-H1"),
                                HasSubstr("no interest is claimed"))));
}

TEST(PenaltiesTest, MissingHalfYearCarriesTheLatestRateForwardWhenAskedTo) {
  // 1-31 Jan 2026 at 2025-H2's 2.15 % + 10: 100000 * 1215 * 31 / 3650000 =
  // 1031.92.
  PenaltyInput input = Invoice(Day(2025, 12, 31), 100000, Day(2026, 1, 31));
  input.carry_forward_rates = true;
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2026, 1, 1), Day(2026, 1, 31),
                                            31, 100000, 1215, 1032))));
  EXPECT_THAT(breakdown.missing_rate_half_years, IsEmpty());
  EXPECT_THAT(breakdown.warnings,
              ElementsAre(AllOf(HasSubstr("2026-H1"), HasSubstr("2025-H2"),
                                HasSubstr("2.15%"))));
}

TEST(PenaltiesTest, NoRateAtAllClaimsNoInterestAndNamesTheHalfYear) {
  PenaltyInput input = Invoice(Day(2019, 1, 31), 100000, Day(2019, 2, 28));
  input.carry_forward_rates = true;  // Nothing earlier to carry.
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_EQ(breakdown.interest_minor, 0);
  EXPECT_THAT(breakdown.missing_rate_half_years, ElementsAre("2019-H1"));
  EXPECT_EQ(breakdown.indemnity_eur_minor, 4000);
}

TEST(PenaltiesTest, AsOfOnOrBeforeTheDueDateOwesNothing) {
  for (Day as_of : {Day(2024, 1, 15), Day(2024, 1, 31)}) {
    RELANCE_ASSERT_OK_AND_ASSIGN(
        PenaltyBreakdown breakdown,
        ComputePenalties(Invoice(Day(2024, 1, 31), 100000, as_of)));
    EXPECT_THAT(breakdown.segments, IsEmpty());
    EXPECT_EQ(breakdown.interest_minor, 0);
    EXPECT_EQ(breakdown.indemnity_eur_minor, 0);
    EXPECT_EQ(breakdown.still_due_minor, 100000);
    EXPECT_THAT(breakdown.warnings, IsEmpty());
  }
}

TEST(PenaltiesTest, TermsBeyondSixtyDaysAndFortyFiveDaysEndOfMonthAreWarned) {
  struct Case {
    Day issue;
    Day due;
    bool warned;
  };
  // Issued 1 Jan 2025: 60 days = 2 Mar; 45 days then end of month = 28 Feb;
  // end of month then 45 days = 17 Mar, the latest.
  // Issued 20 Jan 2025: 60 days = 21 Mar; 45 days then end of month = 31 Mar.
  for (const Case& c : std::vector<Case>{
           {Day(2025, 1, 1), Day(2025, 3, 2), false},
           {Day(2025, 1, 1), Day(2025, 3, 17), false},
           {Day(2025, 1, 1), Day(2025, 3, 18), true},
           {Day(2025, 1, 20), Day(2025, 3, 31), false},
           {Day(2025, 1, 20), Day(2025, 4, 1), true},
       }) {
    PenaltyInput input = Invoice(c.due, 100000, c.due);
    input.issue_date = c.issue;
    RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                                 ComputePenalties(input));
    if (c.warned) {
      EXPECT_THAT(breakdown.warnings,
                  ElementsAre(HasSubstr("exceed the legal maximum")))
          << c.issue << " " << c.due;
    } else {
      EXPECT_THAT(breakdown.warnings, IsEmpty()) << c.issue << " " << c.due;
    }
  }
  // The limits bind professionals only.
  PenaltyInput consumer = Invoice(Day(2025, 6, 1), 100000, Day(2025, 6, 1));
  consumer.issue_date = Day(2025, 1, 1);
  consumer.debtor_kind = ClientKind::kB2C;
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(consumer));
  EXPECT_THAT(breakdown.warnings, IsEmpty());
}

TEST(PenaltiesTest,
     LimitationIsFiveYearsBetweenTradersAndWarnedSixMonthsAhead) {
  PenaltyInput input = Invoice(Day(2020, 3, 15), 100000, Day(2024, 9, 14));
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown far, ComputePenalties(input));
  EXPECT_EQ(far.limitation_end, Day(2025, 3, 15));
  EXPECT_EQ(far.limitation_days_left, 182);
  EXPECT_THAT(far.warnings, Not(Contains(HasSubstr("limitation"))));

  input.as_of = Day(2024, 9, 15);  // Six months before the end.
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown near, ComputePenalties(input));
  EXPECT_EQ(near.limitation_days_left, 181);
  EXPECT_THAT(near.warnings, Contains(AllOf(HasSubstr("5-year limitation"),
                                            HasSubstr("ends on 2025-03-15"),
                                            HasSubstr("in 181 days"))));

  input.as_of = Day(2025, 3, 16);
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown passed,
                               ComputePenalties(input));
  EXPECT_EQ(passed.limitation_days_left, -1);
  EXPECT_THAT(passed.warnings, Contains(AllOf(HasSubstr("ended on 2025-03-15"),
                                              HasSubstr("time-barred"))));
}

TEST(PenaltiesTest, LimitationIsTwoYearsForConsumersAndRestartsOnPayment) {
  // Due 29 Feb 2024: two years end on 28 Feb 2026.
  PenaltyInput input = Invoice(Day(2024, 2, 29), 100000, Day(2025, 1, 1));
  input.debtor_kind = ClientKind::kB2C;
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown consumer,
                               ComputePenalties(input));
  EXPECT_EQ(consumer.limitation_end, Day(2026, 2, 28));

  // A part payment acknowledges the debt: a new period runs from it.
  input.settlements = {
      Settlement(SettlementKind::kPayment, 10000, Day(2024, 6, 10))};
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown paid, ComputePenalties(input));
  EXPECT_EQ(paid.limitation_end, Day(2026, 6, 10));
  // A credit note is the creditor's act and does not.
  input.settlements = {
      Settlement(SettlementKind::kCreditNote, 10000, Day(2024, 6, 10))};
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown credited,
                               ComputePenalties(input));
  EXPECT_EQ(credited.limitation_end, Day(2026, 2, 28));
}

TEST(PenaltiesTest, IndemnityIsInEurWhateverTheInvoiceCurrency) {
  PenaltyInput input = Invoice(Day(2024, 1, 31), 100000, Day(2024, 2, 29));
  input.currency = "USD";
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_EQ(breakdown.currency, "USD");
  EXPECT_EQ(breakdown.interest_minor, 1152);
  EXPECT_EQ(breakdown.indemnity_eur_minor, kIndemnityEurMinor);
  EXPECT_STREQ(kIndemnityCurrency, "EUR");
}

TEST(PenaltiesTest, RejectsSettlementsInAnotherCurrency) {
  PenaltyInput input = Invoice(Day(2024, 1, 31), 100000, Day(2024, 2, 29));
  input.settlements = {
      Settlement(SettlementKind::kPayment, 100, Day(2024, 2, 1))};
  input.settlements[0].currency = "USD";
  EXPECT_THAT(ComputePenalties(input),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(PenaltyHelpersTest, DatesAndRates) {
  EXPECT_EQ(HalfYearStart(Day(2024, 6, 30)), Day(2024, 1, 1));
  EXPECT_EQ(HalfYearStart(Day(2024, 7, 1)), Day(2024, 7, 1));
  EXPECT_EQ(HalfYearName(Day(2024, 12, 31)), "2024-H2");
  EXPECT_EQ(AddMonths(Day(2024, 3, 31), -1), Day(2024, 2, 29));
  EXPECT_EQ(AddMonths(Day(2024, 8, 31), 6), Day(2025, 2, 28));
  EXPECT_EQ(FormatRateBp(215), "2.15%");
  EXPECT_EQ(FormatRateBp(5), "0.05%");
  EXPECT_EQ(FormatRateBp(1450), "14.50%");
}

TEST(ValidatePenaltyRateTest, AcceptsHalfYearStartsAndRejectsTheRest) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyRateRecord rate,
      ValidatePenaltyRate(PenaltyRateKind::kLegal, "2025-07-01", 276));
  EXPECT_EQ(rate.kind, PenaltyRateKind::kLegal);
  EXPECT_EQ(rate.effective_from, Day(2025, 7, 1));
  EXPECT_EQ(rate.rate_bp, 276);

  absl::Status status =
      ValidatePenaltyRate(std::nullopt, "2025-03-01", -1).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<std::string> fields;
  for (const FieldViolation& violation : GetFieldViolations(status))
    fields.push_back(violation.field);
  EXPECT_THAT(fields,
              ElementsAre("kind", "effective_from", "rate_basis_points"));
  EXPECT_THAT(ValidatePenaltyRate(PenaltyRateKind::kLegal, "2025-7-1", 0),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace relance
