// The dunning planner's rules, on invoices held in memory: what each run
// plans, makes due, skips, holds or cancels, day after day.
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

TEST_F(DunningPlannerTest, NewInvoiceSchedulesTheCourtesyReminder) {
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 2, 20));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kSchedule));
  EXPECT_EQ(actions[0].step_key, "courtesy");
  // Due date - 3 = Saturday 7 March: moved to Monday 9 March, 09:00 Paris.
  EXPECT_EQ(actions[0].scheduled_time,
            ParisTime(absl::CivilDay(2026, 3, 9), 9));
  EXPECT_EQ(last_plan_.next_action, ParisTime(absl::CivilDay(2026, 3, 9), 9));
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kScheduled);
}

TEST_F(DunningPlannerTest, NothingHappensBeforeTheScheduledDay) {
  RunOn(absl::CivilDay(2026, 2, 20));
  EXPECT_THAT(RunOn(absl::CivilDay(2026, 3, 8)), ::testing::IsEmpty());
  EXPECT_EQ(last_plan_.next_action, ParisTime(absl::CivilDay(2026, 3, 9), 9));
}

TEST_F(DunningPlannerTest, ScheduledReminderBecomesDueAndTheNextIsPlanned) {
  RunOn(absl::CivilDay(2026, 2, 20));
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 9));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kDue, Kind::kSchedule));
  EXPECT_EQ(actions[0].step_key, "courtesy");
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kDue);
  EXPECT_EQ(ReminderFor("courtesy").action_date, absl::CivilDay(2026, 3, 9));
  // First reminder: due + 1 = Wednesday 11 March.
  EXPECT_EQ(actions[1].step_key, "first_reminder");
  EXPECT_EQ(actions[1].scheduled_time,
            ParisTime(absl::CivilDay(2026, 3, 11), 9));
}

TEST_F(DunningPlannerTest, RunningFiveTimesTheSameDayActsOnce) {
  RunOn(absl::CivilDay(2026, 2, 20));
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 9))),
              ElementsAre(Kind::kDue, Kind::kSchedule));
  for (int run = 0; run < 4; ++run) {
    EXPECT_THAT(RunOn(absl::CivilDay(2026, 3, 9)), ::testing::IsEmpty()) << run;
  }
  EXPECT_EQ(candidate_.reminders.size(), 2u);
}

TEST_F(DunningPlannerTest, CourtesyStepOfAnOverdueInvoiceIsSkipped) {
  // Imported late: the first run is after the due date.
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 12));
  ASSERT_THAT(KindsOf(actions),
              ElementsAre(Kind::kSchedule, Kind::kSkip, Kind::kSchedule,
                          Kind::kDue, Kind::kSchedule));
  EXPECT_THAT(actions[1].reason, HasSubstr("already overdue"));
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kSkipped);
  EXPECT_EQ(ReminderFor("first_reminder").state, ReminderState::kDue);
  EXPECT_EQ(actions[4].step_key, "second_reminder");
}

// After 40 days without runs, daily runs bring every step back in order, one
// per run, each at least its gap after the previous one, each once.
TEST_F(DunningPlannerTest, OutageOfFortyDaysCatchesUpInOrder) {
  RunOn(absl::CivilDay(
      2026, 2, 20));  // Courtesy scheduled; then nothing runs for 40 days.
  std::vector<std::pair<absl::CivilDay, std::string>> carried_out;
  for (absl::CivilDay day(2026, 4, 19); day <= absl::CivilDay(2026, 7, 31);
       ++day) {
    int due_today = 0;
    for (const DunningAction& action : RunOn(day)) {
      if (action.kind != Kind::kDue) continue;
      ++due_today;
      carried_out.emplace_back(day, action.step_key);
    }
    EXPECT_LE(due_today, 1) << day;
    // The dispatcher sends what fell due, people do their tasks.
    for (ReminderRecord& reminder : candidate_.reminders) {
      if (reminder.state != ReminderState::kDue) continue;
      reminder.state = reminder.actor == Actor::kAutomatic
                           ? ReminderState::kSent
                           : ReminderState::kDone;
      reminder.carried_out_time = ParisTime(day, 10);
    }
  }
  ASSERT_EQ(carried_out.size(), 5u);
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kSkipped);
  const std::vector<std::string> expected = {"first_reminder",
                                             "second_reminder", "phone_call",
                                             "formal_notice", "collection"};
  const PolicyRecord ladder = DefaultLadder();
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(carried_out[i].second, expected[i]);
    if (i == 0) {
      EXPECT_EQ(carried_out[i].first, absl::CivilDay(2026, 4, 20))
          << "the first business day of the catch-up";
      continue;
    }
    const int gap = ladder.steps[i + 1].min_gap_days;
    EXPECT_GE(carried_out[i].first - carried_out[i - 1].first, gap)
        << expected[i];
    EXPECT_TRUE(calendar_.IsBusinessDay(carried_out[i].first));
  }
  EXPECT_EQ(candidate_.reminders.size(), 6u);
  EXPECT_EQ(last_plan_.next_action, std::nullopt) << "the ladder is climbed";
}

TEST_F(DunningPlannerTest, PaidInvoiceCancelsWhatIsPlanned) {
  RunOn(absl::CivilDay(2026, 2, 20));
  candidate_.invoice.paid_minor = 120000;
  candidate_.invoice.status = storage::InvoiceStatus::kPaid;
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 9));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kCancel));
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kCancelled);
  EXPECT_EQ(last_plan_.next_action, std::nullopt);
}

TEST_F(DunningPlannerTest, CancelledInvoiceIsNeverReminded) {
  candidate_.invoice.status = storage::InvoiceStatus::kCancelled;
  EXPECT_THAT(RunOn(absl::CivilDay(2026, 3, 20)), ::testing::IsEmpty());
  EXPECT_TRUE(candidate_.reminders.empty());
  EXPECT_EQ(last_plan_.next_action, std::nullopt);
}

TEST_F(DunningPlannerTest, PartialPaymentLowersTheAmountNotTheStep) {
  RunOn(absl::CivilDay(
      2026, 3, 12));  // First reminder due; second scheduled for the 20th.
  candidate_.invoice.paid_minor = 100000;
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 20));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kDue, Kind::kSchedule));
  EXPECT_EQ(actions[0].step_key, "second_reminder");
  EXPECT_EQ(actions[0].outstanding.minor, 20000);
}

TEST_F(DunningPlannerTest, DirectDebitClientIsHeldWithoutEnd) {
  candidate_.client.payment_method = storage::PaymentMethod::kDirectDebit;
  RunOn(absl::CivilDay(2026, 2, 20));
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 9));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kHold));
  EXPECT_THAT(actions[0].reason, HasSubstr("direct debit"));
  EXPECT_EQ(actions[0].scheduled_time, std::nullopt);
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kScheduled);
  EXPECT_EQ(last_plan_.next_action, std::nullopt);
}

TEST_F(DunningPlannerTest, BlockedClientWaitsUntilTheDayAfterTheBlock) {
  RunOn(absl::CivilDay(2026, 3,
                       12));  // Second reminder scheduled for Friday 20 March.
  candidate_.client.dunning_blocked_until = absl::CivilDay(2026, 3, 27);
  candidate_.client.dunning_block_reason = "restructuring talks";
  const std::vector<DunningAction> held = RunOn(absl::CivilDay(2026, 3, 20));
  ASSERT_THAT(KindsOf(held), ElementsAre(Kind::kHold));
  EXPECT_THAT(held[0].reason, HasSubstr("restructuring talks"));
  // Saturday 28 March -> Monday 30 March.
  EXPECT_EQ(held[0].scheduled_time, ParisTime(absl::CivilDay(2026, 3, 30), 9));
  EXPECT_THAT(RunOn(absl::CivilDay(2026, 3, 27)), ::testing::IsEmpty());
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 30))),
              ElementsAre(Kind::kDue, Kind::kSchedule));
  EXPECT_EQ(ReminderFor("second_reminder").action_date,
            absl::CivilDay(2026, 3, 30));
}

TEST_F(DunningPlannerTest, DisputeHoldsUntilItsDeadlinePasses) {
  RunOn(absl::CivilDay(2026, 3, 12));
  candidate_.holds.dispute_open = true;
  candidate_.holds.dispute_deadline = absl::CivilDay(2026, 4, 2);
  ASSERT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 20))),
              ElementsAre(Kind::kHold));
  EXPECT_THAT(RunOn(absl::CivilDay(2026, 4, 2)), ::testing::IsEmpty());
  // Friday 3 April, the deadline passed though the dispute is still open.
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 4, 3))),
              ElementsAre(Kind::kDue, Kind::kSchedule));
}

TEST_F(DunningPlannerTest, OpenDisputeWithoutDeadlineHoldsForever) {
  RunOn(absl::CivilDay(2026, 3, 12));
  candidate_.holds.dispute_open = true;
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 20))),
              ElementsAre(Kind::kHold));
  EXPECT_EQ(last_plan_.next_action, std::nullopt);
}

TEST_F(DunningPlannerTest, PromiseHoldsUntilTheDayAfterItsGrace) {
  RunOn(absl::CivilDay(2026, 3, 12));
  candidate_.holds.promised_until = absl::CivilDay(2026, 3, 25);
  const std::vector<DunningAction> held = RunOn(absl::CivilDay(2026, 3, 20));
  ASSERT_THAT(KindsOf(held), ElementsAre(Kind::kHold));
  EXPECT_THAT(held[0].reason, HasSubstr("promised"));
  EXPECT_EQ(held[0].scheduled_time, ParisTime(absl::CivilDay(2026, 3, 26), 9));
}

TEST_F(DunningPlannerTest, ActivePaymentPlanHoldsTheLadderUntilItEnds) {
  RunOn(absl::CivilDay(2026, 3, 12));
  candidate_.holds.active_plan_id = 12;
  const std::vector<DunningAction> held = RunOn(absl::CivilDay(2026, 3, 20));
  ASSERT_THAT(KindsOf(held), ElementsAre(Kind::kHold));
  EXPECT_EQ(held[0].step_key, "second_reminder");
  EXPECT_EQ(held[0].reason, "payment plan 12 in progress");
  EXPECT_EQ(held[0].scheduled_time, std::nullopt);
  EXPECT_EQ(ReminderFor("second_reminder").state, ReminderState::kScheduled);
  // The plan's end marks the invoice: nothing until then.
  EXPECT_EQ(last_plan_.next_action, std::nullopt);
  candidate_.holds.active_plan_id.reset();
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 4, 20))),
              ElementsAre(Kind::kDue, Kind::kSchedule));
}

// The workflow's reminders (another call, a missed instalment's dunning) are
// the sweep's: whatever their state, policy or date, the ladder runs as if
// they were not there.
TEST_F(DunningPlannerTest, WorkflowRemindersNeitherBlockNorMoveTheLadder) {
  ReminderRecord call_retry;
  call_retry.id = 1;
  call_retry.invoice_id = 7;
  call_retry.client_id = 3;
  call_retry.policy_id = 1;
  call_retry.step_key = "call-retry-1";
  call_retry.channels = {Channel::kPhone};
  call_retry.actor = Actor::kOwner;
  call_retry.origin = storage::ReminderOrigin::kCallRetry;
  call_retry.state = ReminderState::kDue;
  call_retry.action_date = absl::CivilDay(2026, 3, 10);
  ReminderRecord instalment;
  instalment.id = 2;
  instalment.invoice_id = 7;
  instalment.client_id = 3;
  instalment.policy_id = 99;  // Not the client's policy.
  instalment.step_key = "plan-5/instalment-1";
  instalment.channels = {Channel::kEmail};
  instalment.origin = storage::ReminderOrigin::kInstalment;
  instalment.plan_id = 5;
  instalment.instalment_number = 1;
  instalment.state = ReminderState::kScheduled;
  instalment.scheduled_time = ParisTime(absl::CivilDay(2026, 2, 1), 9);
  candidate_.reminders = {call_retry, instalment};

  const std::vector<DunningAction> first = RunOn(absl::CivilDay(2026, 2, 20));
  ASSERT_THAT(KindsOf(first), ElementsAre(Kind::kSchedule));
  EXPECT_EQ(first[0].step_key, "courtesy");
  const std::vector<DunningAction> second = RunOn(absl::CivilDay(2026, 3, 9));
  ASSERT_THAT(KindsOf(second), ElementsAre(Kind::kDue, Kind::kSchedule));
  // Due + 1, not the call's action date (10 March) + the step's gap.
  EXPECT_EQ(second[1].step_key, "first_reminder");
  EXPECT_EQ(second[1].scheduled_time,
            ParisTime(absl::CivilDay(2026, 3, 11), 9));
  EXPECT_EQ(ReminderFor("call-retry-1").state, ReminderState::kDue);
  EXPECT_EQ(ReminderFor("plan-5/instalment-1").state,
            ReminderState::kScheduled);
  EXPECT_EQ(candidate_.reminders.size(), 4u);
}

TEST_F(DunningPlannerTest, PaidInvoiceCancelsTheWorkflowRemindersToo) {
  ReminderRecord instalment;
  instalment.id = 2;
  instalment.invoice_id = 7;
  instalment.client_id = 3;
  instalment.policy_id = 1;
  instalment.step_key = "plan-5/instalment-1";
  instalment.origin = storage::ReminderOrigin::kInstalment;
  instalment.state = ReminderState::kDue;
  candidate_.reminders = {instalment};
  candidate_.invoice.paid_minor = 120000;
  candidate_.invoice.status = storage::InvoiceStatus::kPaid;
  ASSERT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 9))),
              ElementsAre(Kind::kCancel));
  EXPECT_EQ(ReminderFor("plan-5/instalment-1").state,
            ReminderState::kCancelled);
}

TEST_F(DunningPlannerTest, StepUnderItsMinimumIsSkippedAndTheLadderGoesOn) {
  PolicyRecord ladder = DefaultLadder();
  ladder.steps[2].min_outstanding = {{"EUR", 50000}};
  SetPolicies({ladder});
  RunOn(absl::CivilDay(2026, 3, 12));
  candidate_.invoice.paid_minor = 90000;  // 300,00 still due, under 500,00.
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 20));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kSkip, Kind::kSchedule));
  EXPECT_THAT(actions[0].reason, HasSubstr("under the step's minimum"));
  EXPECT_EQ(actions[1].step_key, "phone_call");
  // Due + 20 = 30 March, and more than 5 days after the first reminder.
  EXPECT_EQ(actions[1].scheduled_time,
            ParisTime(absl::CivilDay(2026, 3, 30), 9));
}

TEST_F(DunningPlannerTest, PhoneStepIsATaskForTheOwner) {
  RunOn(absl::CivilDay(2026, 3, 12));
  RunOn(absl::CivilDay(2026, 3, 20));
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 30));
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(actions[0].kind, Kind::kDue);
  EXPECT_EQ(actions[0].step_key, "phone_call");
  EXPECT_EQ(actions[0].actor, Actor::kOwner);
  EXPECT_EQ(actions[0].assignee, "alice");
}

TEST_F(DunningPlannerTest, OwnerlessClientsTasksGoToTheBackOffice) {
  candidate_.client.owner.clear();
  RunOn(absl::CivilDay(2026, 3, 12));
  RunOn(absl::CivilDay(2026, 3, 20));
  RunOn(absl::CivilDay(2026, 3, 30));
  EXPECT_EQ(ReminderFor("phone_call").assignee, kBackOfficeQueue);
}

TEST_F(DunningPlannerTest, FormalNoticeCarriesItsDeadlineAndFee) {
  PolicyRecord ladder = DefaultLadder();
  ladder.steps[4].fee_percent_bp = 250;  // 2,5 % of 1 200,00 = 30,00.
  SetPolicies({ladder});
  RunOn(absl::CivilDay(2026, 3, 12));
  RunOn(absl::CivilDay(2026, 3, 20));
  RunOn(absl::CivilDay(2026, 3, 30));
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 4, 9));
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(actions[0].step_key, "formal_notice");
  EXPECT_EQ(actions[0].notice_deadline, absl::CivilDay(2026, 4, 17));
  ASSERT_TRUE(actions[0].fee.has_value());
  EXPECT_EQ(actions[0].fee->minor, 3000);
  EXPECT_EQ(actions[0].fee->currency, "EUR");
}

TEST_F(DunningPlannerTest, FixedFeeInAnotherCurrencyIsNotClaimed) {
  PolicyRecord ladder = DefaultLadder();
  ladder.steps[1].fee_fixed = storage::CurrencyAmount{"USD", 1500};
  SetPolicies({ladder});
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 12));
  ASSERT_EQ(actions[3].kind, Kind::kDue);
  EXPECT_EQ(actions[3].fee, std::nullopt);
}

TEST_F(DunningPlannerTest, PerClientGroupingGroupsByClientStepAndDay) {
  PolicyRecord ladder = DefaultLadder();
  ladder.grouping = storage::Grouping::kPerClient;
  SetPolicies({ladder});
  RunOn(absl::CivilDay(2026, 3, 12));
  EXPECT_EQ(ReminderFor("first_reminder").group_key,
            "3/first_reminder/2026-03-12");
}

TEST_F(DunningPlannerTest, ChangingTheClientsPolicyWithdrawsThePlannedStep) {
  PolicyRecord gentle = DefaultLadder();
  gentle.id = 2;
  gentle.is_default = false;
  gentle.steps = {Step("gentle", 5, 0, {Channel::kSms})};
  SetPolicies({DefaultLadder(), gentle});
  RunOn(absl::CivilDay(2026, 2, 20));
  candidate_.client.policy_id = 2;
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 1));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kCancel, Kind::kSchedule));
  EXPECT_EQ(actions[1].step_key, "gentle");
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kCancelled);
}

// A run as of a date counts a reminder as come when its day, in its client's
// zone, is on or before that date.
TEST_F(DunningPlannerTest, ClientTimeZoneDecidesTheSlot) {
  candidate_.client.time_zone = "Asia/Tokyo";
  const std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 2, 20));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kSchedule));
  // Monday 9 March, 09:00 in Tokyo is 00:00 UTC.
  EXPECT_EQ(actions[0].scheduled_time,
            absl::FromCivil(absl::CivilSecond(2026, 3, 9, 0, 0, 0),
                            absl::UTCTimeZone()));
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 9))),
              ElementsAre(Kind::kDue, Kind::kSchedule));
}

TEST_F(DunningPlannerTest, PeriodicRunWaitsForTheSendWindow) {
  RunOn(absl::CivilDay(2026, 2, 20));
  DunningPlanner early(&calendar_, &*book_,
                       RunScope{absl::CivilDay(2026, 3, 9),
                                ParisTime(absl::CivilDay(2026, 3, 9), 8, 59)});
  std::vector<DunningAction> actions;
  Apply(early.Plan(candidate_, &actions));
  EXPECT_TRUE(actions.empty());
  DunningPlanner on_time(&calendar_, &*book_,
                         RunScope{absl::CivilDay(2026, 3, 9),
                                  ParisTime(absl::CivilDay(2026, 3, 9), 9)});
  Apply(on_time.Plan(candidate_, &actions));
  EXPECT_THAT(KindsOf(actions), ElementsAre(Kind::kDue, Kind::kSchedule));
}

// Nothing waits silently: a reminder whose time has come and that qualifies,
// held only by the hour, says so and until when; the periodic run looks at
// it again when the window opens, not at every run of the night.
TEST_F(DunningPlannerTest, AReminderOutsideTheSendWindowSaysSo) {
  RunOn(absl::CivilDay(2026, 2, 20));  // Courtesy: Monday 9 March, 09:00.
  auto periodic = [&](absl::Time now) {
    DunningPlanner planner(&calendar_, &*book_,
                           RunScope{absl::CivilDay(2026, 3, 9), now, now});
    std::vector<DunningAction> actions;
    last_plan_ = planner.Plan(candidate_, &actions);
    Apply(last_plan_);
    return actions;
  };
  const std::string waiting =
      "outside the send window (09:00-18:00 Europe/Paris); next slot "
      "Tuesday 2026-03-10 09:00";
  std::vector<DunningAction> actions =
      periodic(ParisTime(absl::CivilDay(2026, 3, 9), 18, 30));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kHold));
  EXPECT_EQ(actions[0].reason, waiting);
  EXPECT_EQ(actions[0].scheduled_time,
            ParisTime(absl::CivilDay(2026, 3, 10), 9));
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kScheduled);
  EXPECT_EQ(ReminderFor("courtesy").reason, waiting);
  EXPECT_EQ(last_plan_.next_action, ParisTime(absl::CivilDay(2026, 3, 10), 9));
  // Later that night: the same wait, nothing written again.
  EXPECT_THAT(periodic(ParisTime(absl::CivilDay(2026, 3, 9), 23, 10)),
              ::testing::IsEmpty());
  // The window opens: it goes, its reason cleared.
  actions = periodic(ParisTime(absl::CivilDay(2026, 3, 10), 9));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kDue, Kind::kSchedule));
  EXPECT_EQ(ReminderFor("courtesy").state, ReminderState::kDue);
  EXPECT_EQ(ReminderFor("courtesy").reason, "");
}

TEST_F(DunningPlannerTest, AReminderOnAPublicHolidayOrAWeekendSaysSo) {
  // Imported late, looked at on Christmas Day by the periodic run: the
  // courtesy step is skipped (overdue), the first reminder waits for Monday.
  candidate_.invoice.due_date = absl::CivilDay(2026, 12, 22);
  const absl::Time christmas = ParisTime(absl::CivilDay(2026, 12, 25), 11);
  DunningPlanner periodic(
      &calendar_, &*book_,
      RunScope{absl::CivilDay(2026, 12, 25), christmas, christmas});
  std::vector<DunningAction> actions;
  Apply(periodic.Plan(candidate_, &actions));
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kSchedule, Kind::kSkip,
                                            Kind::kSchedule, Kind::kHold));
  EXPECT_EQ(actions[3].step_key, "first_reminder");
  EXPECT_EQ(actions[3].reason,
            "public holiday (Noël, 25/12); next slot Monday 2026-12-28 09:00 "
            "(send window 09:00-18:00 Europe/Paris)");
  EXPECT_EQ(ReminderFor("first_reminder").reason, actions[3].reason);

  // A run as of a Sunday.
  candidate_.reminders.clear();
  candidate_.invoice.due_date = absl::CivilDay(2026, 3, 10);
  actions = RunOn(absl::CivilDay(2026, 3, 15));
  ASSERT_FALSE(actions.empty());
  EXPECT_EQ(actions.back().kind, Kind::kHold);
  EXPECT_EQ(actions.back().reason,
            "not a business day (Sunday); next slot Monday 2026-03-16 09:00 "
            "(send window 09:00-18:00 Europe/Paris)");
  // Monday: it goes.
  EXPECT_THAT(KindsOf(RunOn(absl::CivilDay(2026, 3, 16))),
              ::testing::Contains(Kind::kDue));
  EXPECT_EQ(ReminderFor("first_reminder").state, ReminderState::kDue);
}

// The debtor lives on the real clock: a run as of a past date makes due what
// had come by then, but dates it today, and the next step's gap counts from
// today, not from the date of the book.
TEST_F(DunningPlannerTest, RunAsOfAPastDateDatesWhatItDoesToday) {
  RunOn(absl::CivilDay(2026, 2, 20));
  const absl::Time real_now = ParisTime(absl::CivilDay(2026, 5, 4), 10);
  DunningPlanner planner(
      &calendar_, &*book_,
      RunScope{.day = absl::CivilDay(2026, 3, 11), .clock_now = real_now});
  std::vector<DunningAction> actions;
  Apply(planner.Plan(candidate_, &actions));
  // The courtesy step had come on 9 March and the first reminder on the 11th,
  // but the debtor reads them on 4 May, when the invoice is long overdue: the
  // courtesy step is skipped, and the first reminder is due, dated today.
  ASSERT_THAT(KindsOf(actions), ElementsAre(Kind::kSkip, Kind::kSchedule,
                                            Kind::kDue, Kind::kSchedule));
  EXPECT_EQ(ReminderFor("first_reminder").action_date,
            absl::CivilDay(2026, 5, 4));
  // The second reminder waits its 5-day gap after today, not after 11 March
  // (Friday 8 May is a public holiday).
  EXPECT_EQ(actions[3].step_key, "second_reminder");
  EXPECT_EQ(actions[3].scheduled_time,
            ParisTime(absl::CivilDay(2026, 5, 11), 9));
}

// Reminders whose day is still to come in their client's zone have not come
// in a run as of a later date.
TEST_F(DunningPlannerTest, RunAsOfTodayLeavesWhatIsStillToComeLocally) {
  candidate_.client.time_zone = "America/New_York";
  RunOn(absl::CivilDay(2026, 2, 20));
  // 02:00 on 9 March in Paris is still 8 March in New York.
  DunningPlanner planner(
      &calendar_, &*book_,
      RunScope{.day = absl::CivilDay(2026, 3, 9),
               .clock_now = ParisTime(absl::CivilDay(2026, 3, 9), 2)});
  std::vector<DunningAction> actions;
  Apply(planner.Plan(candidate_, &actions));
  EXPECT_THAT(actions, ::testing::IsEmpty());
}

// The gap counts from when the previous step actually went out, in real time.
TEST_F(DunningPlannerTest, GapCountsFromWhenThePreviousStepWasSent) {
  RunOn(absl::CivilDay(2026, 2, 20));
  RunOn(absl::CivilDay(2026, 3, 9));  // Courtesy due; first reminder planned.
  ReminderRecord& courtesy = candidate_.reminders[0];
  ASSERT_EQ(courtesy.step_key, "courtesy");
  // Sent only on Friday 13 March at 16:00, after retries.
  courtesy.state = ReminderState::kSent;
  courtesy.carried_out_time = ParisTime(absl::CivilDay(2026, 3, 13), 16);
  // The first reminder was planned for 11 March; a run on the 13th leaves
  // it: its gap of 2 days runs from the 13th, 16:00, to Sunday the 15th,
  // 16:00, and so to Monday's window.
  std::vector<DunningAction> actions = RunOn(absl::CivilDay(2026, 3, 13));
  EXPECT_THAT(actions, ::testing::IsEmpty());
  EXPECT_EQ(last_plan_.next_action, ParisTime(absl::CivilDay(2026, 3, 16), 9));
  EXPECT_THAT(
      RunOn(absl::CivilDay(2026, 3, 16)),
      ::testing::Contains(::testing::Field(&DunningAction::kind, Kind::kDue)));
}

}  // namespace
}  // namespace relance::planner_test
