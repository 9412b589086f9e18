// The collections workflow's rules: when a promise is kept, which instalments
// a payment covers, when one is missed and when a plan breaks. Days are given,
// never read from a clock.

#include "server/domain/workflow_rules.h"

#include <optional>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace relance {
namespace {

using storage::InstalmentRecord;
using storage::InstalmentState;
using storage::InvoiceSums;
using storage::PlanToJudge;
using storage::PlanVerdict;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Three instalments of 100.00, due on the 10th of January, February, March;
// 50.00 had been received when the plan was agreed.
PlanToJudge ThreeInstalments(int grace_days = 3, int break_after_days = 30) {
  PlanToJudge plan{.paid_at_start_minor = 5'000,
                   .grace_days = grace_days,
                   .break_after_days = break_after_days};
  for (int number = 1; number <= 3; ++number) {
    plan.instalments.push_back(
        InstalmentRecord{.number = number,
                         .due_date = absl::CivilDay(2026, number, 10),
                         .amount_minor = 10'000});
  }
  return plan;
}

TEST(WorkflowRulesTest, APromiseIsKeptByWhatArrivedSinceItWasMade) {
  const CollectionsRules rules;
  const storage::PromiseToJudge promise{.amount_minor = 30'000,
                                        .paid_at_start_minor = 10'000};
  EXPECT_FALSE(rules.PromiseKept(
      promise, {.received_minor = 39'999, .outstanding_minor = 60'001}));
  EXPECT_TRUE(rules.PromiseKept(
      promise, {.received_minor = 40'000, .outstanding_minor = 60'000}));
}

TEST(WorkflowRulesTest, APromiseIsKeptWhenNothingIsLeftDue) {
  const CollectionsRules rules;
  // A credit note settled the rest: less arrived than promised, nothing owed.
  EXPECT_TRUE(
      rules.PromiseKept({.amount_minor = 30'000, .paid_at_start_minor = 0},
                        {.received_minor = 5'000, .outstanding_minor = 0}));
}

TEST(WorkflowRulesTest, TheGraceIsOverTheDayAfterItsLastDay) {
  const CollectionsRules rules;
  const absl::CivilDay due(2026, 1, 10);
  EXPECT_FALSE(rules.GraceOver(due, 3, absl::CivilDay(2026, 1, 13)));
  EXPECT_TRUE(rules.GraceOver(due, 3, absl::CivilDay(2026, 1, 14)));
  EXPECT_TRUE(rules.GraceOver(due, 0, absl::CivilDay(2026, 1, 11)));
}

TEST(WorkflowRulesTest, PaymentsCoverInstalmentsInOrder) {
  const CollectionsRules rules;
  // 210.00 arrived since the plan: the first two, not the third.
  const PlanVerdict verdict = rules.JudgePlan(
      ThreeInstalments(),
      {.received_minor = 26'000, .outstanding_minor = 9'000}, std::nullopt);
  EXPECT_THAT(verdict.paid, ElementsAre(1, 2));
  EXPECT_FALSE(verdict.completed);
  EXPECT_THAT(verdict.missed, IsEmpty());
  EXPECT_EQ(verdict.broken_by, std::nullopt);
}

TEST(WorkflowRulesTest, AnInstalmentPaidAlreadyIsNotPaidAgain) {
  const CollectionsRules rules;
  PlanToJudge plan = ThreeInstalments();
  plan.instalments[0].state = InstalmentState::kPaid;
  const PlanVerdict verdict = rules.JudgePlan(
      plan, {.received_minor = 35'000, .outstanding_minor = 0}, std::nullopt);
  EXPECT_THAT(verdict.paid, ElementsAre(2, 3));
  EXPECT_TRUE(verdict.completed);
}

TEST(WorkflowRulesTest, NothingLeftDueCompletesThePlan) {
  const CollectionsRules rules;
  const PlanVerdict verdict = rules.JudgePlan(
      ThreeInstalments(), {.received_minor = 5'000, .outstanding_minor = 0},
      absl::CivilDay(2026, 6, 1));
  EXPECT_THAT(verdict.paid, ElementsAre(1, 2, 3));
  EXPECT_TRUE(verdict.completed);
  EXPECT_THAT(verdict.missed, IsEmpty());
  EXPECT_EQ(verdict.broken_by, std::nullopt);
}

TEST(WorkflowRulesTest, APendingInstalmentIsMissedOnceItsGraceIsOver) {
  const CollectionsRules rules;
  const InvoiceSums nothing_since{.received_minor = 5'000,
                                  .outstanding_minor = 30'000};
  EXPECT_THAT(rules
                  .JudgePlan(ThreeInstalments(), nothing_since,
                             absl::CivilDay(2026, 1, 13))
                  .missed,
              IsEmpty());
  EXPECT_THAT(rules
                  .JudgePlan(ThreeInstalments(), nothing_since,
                             absl::CivilDay(2026, 2, 14))
                  .missed,
              ElementsAre(1, 2));
  // Missed already: not missed again.
  PlanToJudge plan = ThreeInstalments();
  plan.instalments[0].state = InstalmentState::kMissed;
  EXPECT_THAT(
      rules.JudgePlan(plan, nothing_since, absl::CivilDay(2026, 2, 14)).missed,
      ElementsAre(2));
}

TEST(WorkflowRulesTest, ThePlanBreaksOnTheFirstInstalmentUnpaidTooLong) {
  const CollectionsRules rules;
  // The first instalment was paid; the second is 31 days late on 13 March.
  const InvoiceSums first_paid{.received_minor = 15'000,
                               .outstanding_minor = 20'000};
  EXPECT_EQ(rules
                .JudgePlan(ThreeInstalments(), first_paid,
                           absl::CivilDay(2026, 3, 12))
                .broken_by,
            std::nullopt);
  const PlanVerdict verdict = rules.JudgePlan(ThreeInstalments(), first_paid,
                                              absl::CivilDay(2026, 3, 13));
  EXPECT_EQ(verdict.broken_by, 2);
  EXPECT_THAT(verdict.paid, ElementsAre(1));
}

TEST(WorkflowRulesTest, ASettlementNeitherMissesNorBreaks) {
  const CollectionsRules rules;
  const PlanVerdict verdict = rules.JudgePlan(
      ThreeInstalments(),
      {.received_minor = 5'000, .outstanding_minor = 30'000}, std::nullopt);
  EXPECT_THAT(verdict.paid, IsEmpty());
  EXPECT_THAT(verdict.missed, IsEmpty());
  EXPECT_EQ(verdict.broken_by, std::nullopt);
  EXPECT_FALSE(verdict.completed);
}

}  // namespace
}  // namespace relance
