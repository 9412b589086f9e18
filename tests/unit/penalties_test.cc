#include "server/domain/penalties.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/field_violations.h"
#include "storage/penalty_rates.h"
#include "storage/records.h"
#include "tests/testing/status_matchers.h"

// Every expected amount below is computed by hand:
// interest = due * rate_bp * days / (10000 * 365), rounded half up.
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
  // 16-30 Jun: 15 days at 14.50 %: 12345678 * 1450 * 15 / 3650000 = 73567.06.
  // 1-20 Jul: 20 days at 14.25 %: 12345678 * 1425 * 20 / 3650000 = 96398.41.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyBreakdown breakdown,
      ComputePenalties(Invoice(Day(2024, 6, 15), 12345678, Day(2024, 7, 20))));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2024, 6, 16), Day(2024, 6, 30),
                                            15, 12345678, 1450, 73567)),
                          SegmentIs(Segment(Day(2024, 7, 1), Day(2024, 7, 20),
                                            20, 12345678, 1425, 96398))));
  EXPECT_EQ(breakdown.interest_minor, 73567 + 96398);
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
  // 16-30 Apr: 15 days on 600.00 = 324.25.
  PenaltyInput input = Invoice(Day(2025, 3, 31), 100000, Day(2025, 4, 30));
  input.settlements = {
      Settlement(SettlementKind::kPayment, 40000, Day(2025, 4, 15))};
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2025, 4, 1), Day(2025, 4, 15),
                                            15, 100000, 1315, 540)),
                          SegmentIs(Segment(Day(2025, 4, 16), Day(2025, 4, 30),
                                            15, 60000, 1315, 324))));
  EXPECT_EQ(breakdown.interest_minor, 864);
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

TEST(PenaltiesTest, EachSegmentRoundsHalfUpAndTheTotalIsTheirSum) {
  // 3.65 EUR at 0 + 10 % (ECB at 0.00 in 2020): 5 days = 365 * 1000 * 5 /
  // 3650000 = 0.5 minor unit, rounded up to 1, in each half-year. The total is
  // 2, not the rounded exact sum (1).
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyBreakdown breakdown,
      ComputePenalties(Invoice(Day(2020, 6, 25), 365, Day(2020, 7, 5))));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2020, 6, 26), Day(2020, 6, 30),
                                            5, 365, 1000, 1)),
                          SegmentIs(Segment(Day(2020, 7, 1), Day(2020, 7, 5), 5,
                                            365, 1000, 1))));
  EXPECT_EQ(breakdown.interest_minor, 2);
}

TEST(PenaltiesTest, ConsumerPaysTheLegalRateWithoutIndemnity) {
  // 1-30 Apr 2024: 30 days at the legal rate 5.07 % = 416.71.
  PenaltyInput input = Invoice(Day(2024, 3, 31), 100000, Day(2024, 4, 30));
  input.debtor_kind = ClientKind::kB2C;
  RELANCE_ASSERT_OK_AND_ASSIGN(PenaltyBreakdown breakdown,
                               ComputePenalties(input));
  EXPECT_EQ(breakdown.basis, PenaltyRateBasis::kLegalRate);
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2024, 4, 1), Day(2024, 4, 30),
                                            30, 100000, 507, 417))));
  EXPECT_EQ(breakdown.indemnity_eur_minor, 0);
  EXPECT_THAT(breakdown.warnings,
              Contains(HasSubstr("from the formal notice")));
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

TEST(PenaltiesTest, MissingHalfYearCarriesTheLatestRateForwardAndWarns) {
  // No ECB rate for 2026-H1 in the test table: 2025-H2's 2.15 % is used.
  // 1-31 Jan 2026: 31 days at 12.15 % = 100000 * 1215 * 31 / 3650000 = 1031.92.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyBreakdown breakdown,
      ComputePenalties(Invoice(Day(2025, 12, 31), 100000, Day(2026, 1, 31))));
  EXPECT_THAT(breakdown.segments,
              ElementsAre(SegmentIs(Segment(Day(2026, 1, 1), Day(2026, 1, 31),
                                            31, 100000, 1215, 1032))));
  EXPECT_THAT(breakdown.warnings,
              ElementsAre(AllOf(HasSubstr("2026-H1"), HasSubstr("2025-H2"),
                                HasSubstr("2.15%"))));
}

TEST(PenaltiesTest, NoRateAtAllIsFailedPrecondition) {
  PenaltyInput input = Invoice(Day(2019, 1, 31), 100000, Day(2019, 2, 28));
  EXPECT_THAT(
      ComputePenalties(input),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("2019-H1")));
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
