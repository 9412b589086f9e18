// The dunning planner's escalation: ranks, a policy changed under way, formal
// notices and the hand-over after their deadline, consumers, limitation.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/business_calendar.h"
#include "server/domain/dunning_engine.h"
#include "server/domain/escalation.h"
#include "server/domain/policies.h"
#include "storage/interfaces/dunning_records.h"
#include "tests/unit/dunning_planner_fixture.h"

namespace relance::planner_test {
namespace {

// A policy ranked higher: the default ladder's ranks, then an edited one.
TEST(EscalationTest, RanksFollowWhatEachStepIs) {
  const PolicyRecord ladder = DefaultLadder();
  std::vector<std::int32_t> ranks;
  for (size_t i = 0; i < ladder.steps.size(); ++i) {
    ranks.push_back(StepRank(ladder, i));
  }
  EXPECT_THAT(ranks, ElementsAre(1, 10, 11, 12, 100, 200));
}

// Reassigned to a policy whose ladder starts lower, the debtor's dunning goes
// on above what they received: the lower steps are recorded as skipped, and
// the first step ranked above is planned, gap respected.
TEST_F(DunningPlannerTest, NewPolicyContinuesAboveWhatWasReceived) {
  RunOn(absl::CivilDay(2026, 2, 20));
  RunOn(absl::CivilDay(2026, 3, 9));   // courtesy
  RunOn(absl::CivilDay(2026, 3, 11));  // first_reminder
  ASSERT_EQ(ReminderFor("first_reminder").state, ReminderState::kDue);
  for (ReminderRecord& r : candidate_.reminders) {
    if (r.state == ReminderState::kDue) r.state = ReminderState::kSent;
  }
  PolicyRecord firm;
  firm.id = 2;
  firm.name = "Firm";
  firm.steps = {Step("reminder_1", 1, 0, {Channel::kEmail}),
                Step("reminder_2", 5, 3, {Channel::kEmail}),
                Step("notice", 20, 5, {Channel::kRegisteredLetter})};
  firm.steps[2].formal_notice = true;
  firm.steps[2].notice_deadline_days = 8;
  SetPolicies({DefaultLadder(), firm});
  candidate_.client.policy_id = 2;
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 12));
  // second_reminder withdrawn; reminder_1 (rank 10) was already received as
  // first_reminder: skipped, with the reason; reminder_2 (rank 11) planned
  // three days after the first reminder was made due.
  ASSERT_THAT(KindsOf(actions),
              ElementsAre(Kind::kCancel, Kind::kSkip, Kind::kSchedule));
  EXPECT_THAT(actions[1].reason, HasSubstr("already received"));
  EXPECT_EQ(actions[1].step_key, "reminder_1");
  EXPECT_EQ(actions[2].step_key, "reminder_2");
  EXPECT_EQ(actions[2].scheduled_time,
            ParisTime(absl::CivilDay(2026, 3, 16), 9));

  // Back to the default policy: its withdrawn second reminder is planned
  // again (the same reminder), never the first again.
  candidate_.client.policy_id = 0;
  const std::vector<DunningAction> back = RunOn(absl::CivilDay(2026, 3, 13));
  ASSERT_THAT(KindsOf(back), ElementsAre(Kind::kCancel, Kind::kSchedule));
  EXPECT_EQ(back[1].step_key, "second_reminder");
  EXPECT_NE(back[1].reminder_id, 0);
  EXPECT_EQ(ReminderFor("second_reminder").state, ReminderState::kScheduled);
  const auto updates = std::count_if(
      last_plan_.updates.begin(), last_plan_.updates.end(),
      [](const ReminderRecord& r) { return r.step_key == "second_reminder"; });
  EXPECT_EQ(updates, 1);
}

// After a formal notice, a policy's ordinary reminders are never sent.
TEST_F(DunningPlannerTest, NoOrdinaryReminderAfterAFormalNotice) {
  ReminderRecord notice;
  notice.id = 50;
  notice.invoice_id = 7;
  notice.client_id = 3;
  notice.policy_id = 1;
  notice.step_key = "formal_notice";
  notice.step_index = 4;
  notice.rank = 100;
  notice.formal_notice = true;
  notice.state = ReminderState::kSent;
  notice.action_date = absl::CivilDay(2026, 4, 9);
  notice.notice_deadline = absl::CivilDay(2026, 4, 17);
  candidate_.reminders.push_back(notice);
  PolicyRecord gentle;
  gentle.id = 2;
  gentle.name = "Gentle";
  gentle.steps = {Step("nudge", 1, 0, {Channel::kEmail}),
                  Step("nudge_again", 15, 7, {Channel::kEmail})};
  SetPolicies({DefaultLadder(), gentle});
  candidate_.client.policy_id = 2;
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 4, 20));
  EXPECT_THAT(KindsOf(actions), ElementsAre(Kind::kSkip, Kind::kSkip));
  EXPECT_EQ(last_plan_.next_action, std::nullopt);
}

TEST_F(DunningPlannerTest, HandOverWaitsForTheFormalNoticesDeadline) {
  PolicyRecord short_ladder;
  short_ladder.id = 1;
  short_ladder.name = "Short";
  short_ladder.is_default = true;
  short_ladder.steps = {Step("notice", 1, 0, {Channel::kRegisteredLetter}),
                        Step("collection", 2, 1, {}, Actor::kBackOffice)};
  short_ladder.steps[0].formal_notice = true;
  short_ladder.steps[0].notice_deadline_days = 8;
  short_ladder.steps[1].hand_over = true;
  SetPolicies({short_ladder});
  RunOn(absl::CivilDay(2026, 3, 10));
  RunOn(absl::CivilDay(2026, 3, 11));  // notice due, deadline 19 March
  ASSERT_EQ(ReminderFor("notice").state, ReminderState::kDue);
  // Not sent yet: the hand-over waits for it, and says so.
  std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 12));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kHold));
  EXPECT_THAT(actions[0].reason, HasSubstr("waiting for the formal notice"));
  // Sent: it waits for the deadline to pass.
  candidate_.reminders[0].state = ReminderState::kSent;
  actions = RunOn(absl::CivilDay(2026, 3, 13));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kHold));
  EXPECT_THAT(actions[0].reason, HasSubstr("deadline runs until 2026-03-19"));
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 19))),
              ::testing::IsEmpty());
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 20))),
              ElementsAre(Kind::kDue));
}

// letters.notice_deadline_from: first_presentation. The formal notice's
// deadline counts from the day its registered letter was first presented:
// the hand-over waits for the acknowledgement of receipt, and says so.
TEST_F(DunningPlannerTest, HandOverCountsTheDeadlineFromFirstPresentation) {
  options_.notice_deadline_from_presentation = true;
  PolicyRecord short_ladder;
  short_ladder.id = 1;
  short_ladder.name = "Short";
  short_ladder.is_default = true;
  short_ladder.steps = {Step("notice", 1, 0, {Channel::kRegisteredLetter}),
                        Step("collection", 2, 1, {}, Actor::kBackOffice)};
  short_ladder.steps[0].formal_notice = true;
  short_ladder.steps[0].notice_deadline_days = 8;
  short_ladder.steps[1].hand_over = true;
  SetPolicies({short_ladder});
  RunOn(absl::CivilDay(2026, 3, 10));
  RunOn(absl::CivilDay(2026, 3, 11));  // notice dated 11 March
  ASSERT_EQ(ReminderFor("notice").state, ReminderState::kDue);
  candidate_.reminders[0].state = ReminderState::kSent;
  const std::int64_t notice_id = candidate_.reminders[0].id;

  // Sent, its posting not recorded: it waits for the acknowledgement.
  std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 13));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kHold));
  EXPECT_THAT(actions[0].reason,
              HasSubstr("waiting for the acknowledgement of receipt of the "
                        "formal notice sent on 2026-03-11"));
  EXPECT_THAT(actions[0].reason, HasSubstr("posting is not recorded"));
  EXPECT_FALSE(last_plan_.next_action.has_value());
  // Posted, not presented yet: the letter date's deadline (19 March) has
  // passed, and still it waits.
  candidate_.holds.letters = {{.reminder_id = notice_id}};
  actions = RunOn(absl::CivilDay(2026, 3, 20));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kHold));
  EXPECT_EQ(actions[0].reason,
            absl::StrCat("waiting for the acknowledgement of receipt of the "
                         "formal notice sent on 2026-03-11 (reminder ",
                         notice_id,
                         "): its deadline counts from the letter's first "
                         "presentation"));
  EXPECT_EQ(ReminderFor("collection").state, ReminderState::kScheduled);
  EXPECT_EQ(ReminderFor("collection").reason, actions[0].reason);

  // First presented on 16 March: 8 days from then, until 24 March.
  candidate_.holds.letters[0].presented_on = absl::CivilDay(2026, 3, 16);
  actions = RunOn(absl::CivilDay(2026, 3, 20));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kHold));
  EXPECT_EQ(actions[0].reason,
            "the formal notice's deadline runs until 2026-03-24 (counted "
            "from its first presentation on 2026-03-16)");
  EXPECT_EQ(last_plan_.next_action, ParisTime(absl::CivilDay(2026, 3, 25), 9));
  EXPECT_THAT(RunOn(absl::CivilDay(2026, 3, 24)), ::testing::IsEmpty());
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 25))),
              ElementsAre(Kind::kDue));
  EXPECT_EQ(ReminderFor("collection").state, ReminderState::kDue);
}

TEST_F(DunningPlannerTest, AReturnedNoticeWithoutPresentationHoldsTheHandOver) {
  options_.notice_deadline_from_presentation = true;
  PolicyRecord short_ladder;
  short_ladder.id = 1;
  short_ladder.name = "Short";
  short_ladder.is_default = true;
  short_ladder.steps = {Step("notice", 1, 0, {Channel::kRegisteredLetter}),
                        Step("collection", 2, 1, {}, Actor::kBackOffice)};
  short_ladder.steps[0].formal_notice = true;
  short_ladder.steps[0].notice_deadline_days = 8;
  short_ladder.steps[1].hand_over = true;
  SetPolicies({short_ladder});
  RunOn(absl::CivilDay(2026, 3, 10));
  RunOn(absl::CivilDay(2026, 3, 11));
  candidate_.reminders[0].state = ReminderState::kSent;
  candidate_.holds.letters = {
      {.reminder_id = candidate_.reminders[0].id, .returned = true}};
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 4, 1));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kHold));
  EXPECT_THAT(actions[0].reason,
              HasSubstr("came back undelivered with no day of first "
                        "presentation"));
  // Returned, but first presented on 13 March ("pli avisé non réclamé"): the
  // deadline ran from then, until 21 March.
  candidate_.holds.letters[0].presented_on = absl::CivilDay(2026, 3, 13);
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 4, 1))),
              ElementsAre(Kind::kDue));
}

TEST_F(DunningPlannerTest, ConsumersAreNeverChargedAFee) {
  PolicyRecord ladder = DefaultLadder();
  ladder.steps[1].fee_fixed = storage::CurrencyAmount{"EUR", 4000};
  SetPolicies({ladder});
  candidate_.client.kind = storage::ClientKind::kB2C;
  RunOn(absl::CivilDay(2026, 3, 11));
  EXPECT_EQ(ReminderFor("first_reminder").state, ReminderState::kDue);
  EXPECT_EQ(ReminderFor("first_reminder").fee_minor, 0);
  candidate_.reminders.clear();
  candidate_.client.kind = storage::ClientKind::kB2B;
  RunOn(absl::CivilDay(2026, 3, 11));
  EXPECT_EQ(ReminderFor("first_reminder").fee_minor, 4000);
}

// Two years for a consumer claim, five between traders, from the due date or
// the latest payment: a time-barred claim is not dunned.
TEST_F(DunningPlannerTest, TimeBarredClaimIsNotDunned) {
  candidate_.client.kind = storage::ClientKind::kB2C;
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2028, 3, 13));
  ASSERT_FALSE(actions.empty());
  for (const DunningAction& action : actions) {
    EXPECT_NE(action.kind, Kind::kDue) << action.step_key;
  }
  EXPECT_THAT(ReminderFor("first_reminder").reason,
              HasSubstr("time-barred since 2028-03-11"));
  EXPECT_THAT(ReminderFor("first_reminder").reason,
              HasSubstr("L218-2 Code de la consommation"));
  // A payment in 2027 restarted the period.
  candidate_.reminders.clear();
  candidate_.holds.latest_payment_date = absl::CivilDay(2027, 1, 15);
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2028, 3, 13))),
              ::testing::Contains(Kind::kDue));
}

// A configurable number of days (90 by default) before the limitation date,
// the run warns once; until then the invoice is looked at again on that day
// whatever its ladder waits for.
TEST_F(DunningPlannerTest, WarnsOnceBeforeTheLimitationDate) {
  options_.limitation_warning_days = 90;
  // A consumer paying by direct debit: the ladder holds until further notice.
  candidate_.client.kind = storage::ClientKind::kB2C;
  candidate_.client.payment_method = storage::PaymentMethod::kDirectDebit;
  RunOn(absl::CivilDay(2026, 3, 12));
  EXPECT_FALSE(last_plan_.limitation_warning.has_value());
  // Two years from the due date: time-barred after 10 March 2028; warned
  // from 90 days before, 11 December 2027, 00:00 in Paris.
  const absl::CivilDay warn_from = absl::CivilDay(2028, 3, 10) - 90;
  ASSERT_EQ(warn_from, absl::CivilDay(2027, 12, 11));
  EXPECT_EQ(last_plan_.next_action,
            absl::FromCivil(absl::CivilSecond(warn_from),
                            *LoadClientTimeZone("Europe/Paris")));

  RunOn(warn_from - 1);
  EXPECT_FALSE(last_plan_.limitation_warning.has_value());
  RunOn(warn_from);
  ASSERT_TRUE(last_plan_.limitation_warning.has_value());
  EXPECT_EQ(last_plan_.limitation_warning->limitation_end,
            absl::CivilDay(2028, 3, 10));
  EXPECT_EQ(last_plan_.limitation_warning->summary,
            "The claim becomes time-barred after 2028-03-10, 90 days from now "
            "(the 2-year period of art. L218-2 Code de la consommation, "
            "counted from the due date 2026-03-10): act before then; a claim "
            "in court interrupts it, a payment or an acknowledgement of the "
            "debt starts it again");
  // Recorded (storage reads it back with the holds): never again for that
  // date, and no wake-up planned for it.
  candidate_.holds.limitation_warnings.push_back(absl::CivilDay(2028, 3, 10));
  RunOn(warn_from);
  EXPECT_FALSE(last_plan_.limitation_warning.has_value());
  EXPECT_FALSE(last_plan_.next_action.has_value());
  RunOn(warn_from + 30);
  EXPECT_FALSE(last_plan_.limitation_warning.has_value());

  // A payment starts a new period: a new date, warned of in its turn.
  candidate_.holds.latest_payment_date = absl::CivilDay(2027, 12, 20);
  candidate_.invoice.paid_minor = 10000;
  RunOn(warn_from + 30);
  EXPECT_FALSE(last_plan_.limitation_warning.has_value());
  RunOn(absl::CivilDay(2029, 12, 20) - 90);
  ASSERT_TRUE(last_plan_.limitation_warning.has_value());
  EXPECT_EQ(last_plan_.limitation_warning->limitation_end,
            absl::CivilDay(2029, 12, 20));
  EXPECT_THAT(last_plan_.limitation_warning->summary,
              HasSubstr("counted from the latest payment on 2027-12-20"));

  // Switched off: nothing.
  options_.limitation_warning_days = 0;
  RunOn(absl::CivilDay(2029, 12, 1));
  EXPECT_FALSE(last_plan_.limitation_warning.has_value());
}

// The dispatcher and manual sends look a reminder's step up in the policy as
// it stands now: a step or policy since removed is not found.
TEST(PolicyBookTest, FindStepByPolicyAndKey) {
  PolicyRecord gentle = DefaultLadder();
  gentle.id = 2;
  gentle.is_default = false;
  gentle.steps = {Step("nudge", 5, 0, {Channel::kSms})};
  const PolicyBook book({DefaultLadder(), gentle});
  const PolicyStepRecord* step = book.FindStep(1, "formal_notice");
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->notice_deadline_days, 8);
  EXPECT_EQ(book.FindStep(2, "nudge")->channels,
            std::vector<Channel>{Channel::kSms});
  EXPECT_EQ(book.FindStep(2, "formal_notice"), nullptr);
  EXPECT_EQ(book.FindStep(9, "nudge"), nullptr);
}

}  // namespace
}  // namespace relance::planner_test
