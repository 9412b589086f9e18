#include "server/domain/escalation.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace relance {
namespace {

using storage::PolicyStepRecord;
using storage::ReminderRecord;
using storage::ReminderState;

enum class Severity { kCourtesy, kReminder, kFormalNotice, kHandOver };

Severity SeverityOf(const PolicyStepRecord& step) {
  if (step.hand_over) return Severity::kHandOver;
  if (step.formal_notice) return Severity::kFormalNotice;
  if (step.offset_days < 0) return Severity::kCourtesy;
  return Severity::kReminder;
}

}  // namespace

std::int32_t StepRank(const storage::PolicyRecord& policy, std::size_t index) {
  const Severity severity = SeverityOf(policy.steps[index]);
  // The steps of the same severity before this one.
  std::int32_t before = 0;
  for (std::size_t i = 0; i < index; ++i) {
    if (SeverityOf(policy.steps[i]) == severity) ++before;
  }
  switch (severity) {
    case Severity::kCourtesy:
      return kCourtesyRank +
             std::min(before, kReminderRank - kCourtesyRank - 1);
    case Severity::kReminder:
      return kReminderRank +
             std::min(before, kFormalNoticeRank - kReminderRank - 1);
    case Severity::kFormalNotice:
      return kFormalNoticeRank +
             std::min(before, kHandOverRank - kFormalNoticeRank - 1);
    case Severity::kHandOver:
      return kHandOverRank + before;
  }
  return kReminderRank;
}

bool IsCarriedOutOrPending(ReminderState state) {
  return state == ReminderState::kDue || state == ReminderState::kSending ||
         state == ReminderState::kSent || state == ReminderState::kDone;
}

LadderHistory HistoryOf(const std::vector<ReminderRecord>& reminders) {
  LadderHistory history;
  for (const ReminderRecord& reminder : reminders) {
    if (reminder.origin != storage::ReminderOrigin::kLadder ||
        !IsCarriedOutOrPending(reminder.state)) {
      continue;
    }
    if (reminder.rank > history.rank) {
      history.rank = reminder.rank;
      history.step_key = reminder.step_key;
    }
    if (reminder.action_date.has_value() &&
        (!history.last_day.has_value() ||
         *reminder.action_date > *history.last_day)) {
      history.last_day = reminder.action_date;
    }
    if (reminder.carried_out_time.has_value() &&
        (!history.last_time.has_value() ||
         *reminder.carried_out_time > *history.last_time)) {
      history.last_time = reminder.carried_out_time;
    }
  }
  return history;
}

}  // namespace relance
