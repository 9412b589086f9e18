// The dunning planner's rules, on invoices held in memory: what each run
// plans, makes due, skips, holds or cancels. Each run's plan is applied to the
// in-memory reminders as storage would, so that runs day after day can be
// followed.
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
#include "storage/dunning_records.h"

namespace relance {
namespace {

using storage::Actor;
using storage::Channel;
using storage::DunningCandidate;
using storage::InvoicePlan;
using storage::PolicyRecord;
using storage::PolicyStepRecord;
using storage::ReminderRecord;
using storage::ReminderState;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Kind = DunningAction::Kind;

PolicyStepRecord Step(std::string key, int offset, int gap,
                      std::vector<Channel> channels,
                      Actor actor = Actor::kAutomatic) {
  PolicyStepRecord step;
  step.key = key;
  step.template_key = key;
  step.offset_days = offset;
  step.min_gap_days = gap;
  step.channels = std::move(channels);
  step.actor = actor;
  return step;
}

// The French B2B ladder shipped as the default (migration 0002).
PolicyRecord DefaultLadder() {
  PolicyRecord policy;
  policy.id = 1;
  policy.name = "Relance B2B France";
  policy.is_default = true;
  policy.steps = {
      Step("courtesy", -3, 0, {Channel::kEmail}),
      Step("first_reminder", 1, 2, {Channel::kEmail}),
      Step("second_reminder", 10, 5, {Channel::kEmail, Channel::kLetter}),
      Step("phone_call", 20, 5, {Channel::kPhone}, Actor::kOwner),
      Step("formal_notice", 30, 5, {Channel::kRegisteredLetter}),
      Step("collection", 45, 9, {}, Actor::kBackOffice),
  };
  policy.steps[4].formal_notice = true;
  policy.steps[4].notice_deadline_days = 8;
  policy.steps[5].hand_over = true;
  return policy;
}

absl::Time ParisTime(absl::CivilDay day, int hour, int minute = 0) {
  return absl::FromCivil(
      absl::CivilMinute(day.year(), day.month(), day.day(), hour, minute),
      *LoadClientTimeZone("Europe/Paris"));
}

class DunningPlannerTest : public ::testing::Test {
 protected:
  DunningPlannerTest() : calendar_(BusinessCalendar::French()) {
    SetPolicies({DefaultLadder()});
    // The ladder's rules alone: with the limitation warning on, an invoice
    // held until further notice is still looked at again years later (see
    // WarnsOnceBeforeTheLimitationDate).
    options_.limitation_warning_days = 0;
    // Due Tuesday 2026-03-10, 1 200,00 EUR.
    candidate_.invoice.id = 7;
    candidate_.invoice.number = "F-7";
    candidate_.invoice.client_id = 3;
    candidate_.invoice.issue_date = absl::CivilDay(2026, 2, 8);
    candidate_.invoice.due_date = absl::CivilDay(2026, 3, 10);
    candidate_.invoice.currency = "EUR";
    candidate_.invoice.total_minor = 120000;
    candidate_.client.id = 3;
    candidate_.client.owner = "alice";
    candidate_.client.time_zone = "Europe/Paris";
  }

  void SetPolicies(std::vector<PolicyRecord> policies) {
    book_.emplace(std::move(policies));
  }

  // Runs as of `day` and applies the plan to the in-memory reminders.
  std::vector<DunningAction> RunOn(absl::CivilDay day) {
    DunningPlanner planner(&calendar_, &*book_, RunScope{day, std::nullopt},
                           options_);
    std::vector<DunningAction> actions;
    last_plan_ = planner.Plan(candidate_, &actions);
    Apply(last_plan_);
    return actions;
  }

  void Apply(const InvoicePlan& plan) {
    for (const ReminderRecord& updated : plan.updates) {
      auto it = std::find_if(
          candidate_.reminders.begin(), candidate_.reminders.end(),
          [&](const ReminderRecord& r) { return r.id == updated.id; });
      ASSERT_NE(it, candidate_.reminders.end());
      *it = updated;
    }
    for (ReminderRecord inserted : plan.inserts) {
      inserted.id = next_id_++;
      candidate_.reminders.push_back(inserted);
    }
  }

  const ReminderRecord& ReminderFor(const std::string& step_key) {
    auto it = std::find_if(
        candidate_.reminders.begin(), candidate_.reminders.end(),
        [&](const ReminderRecord& r) { return r.step_key == step_key; });
    EXPECT_NE(it, candidate_.reminders.end()) << step_key;
    return *it;
  }

  const BusinessCalendar calendar_;
  PlannerOptions options_;
  std::optional<PolicyBook> book_;
  DunningCandidate candidate_;
  InvoicePlan last_plan_;
  std::int64_t next_id_ = 100;
};

std::vector<Kind> KindsOf(const std::vector<DunningAction>& actions) {
  std::vector<Kind> kinds;
  for (const DunningAction& action : actions) kinds.push_back(action.kind);
  return kinds;
}

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
}  // namespace relance
