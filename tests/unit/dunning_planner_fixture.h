// The planner's test fixture: a default ladder, one candidate in memory, and
// each run's plan applied to it as storage would, so that runs day after day
// can be followed.
#ifndef RELANCE_TESTS_UNIT_DUNNING_PLANNER_FIXTURE_H_
#define RELANCE_TESTS_UNIT_DUNNING_PLANNER_FIXTURE_H_

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

namespace relance::planner_test {

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

inline PolicyStepRecord Step(std::string key, int offset, int gap,
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
inline PolicyRecord DefaultLadder() {
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

inline absl::Time ParisTime(absl::CivilDay day, int hour, int minute = 0) {
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

inline std::vector<Kind> KindsOf(const std::vector<DunningAction>& actions) {
  std::vector<Kind> kinds;
  for (const DunningAction& action : actions) kinds.push_back(action.kind);
  return kinds;
}

}  // namespace relance::planner_test

#endif  // RELANCE_TESTS_UNIT_DUNNING_PLANNER_FIXTURE_H_
