#ifndef RELANCE_SERVER_DOMAIN_ESCALATION_H_
#define RELANCE_SERVER_DOMAIN_ESCALATION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "storage/interfaces/dunning_records.h"

// How far a debtor's dunning has gone. Every step of a ladder has a severity
// rank that follows from what the step is, so that ranks compare across
// policies: a debtor who received a "Deuxième relance" under one policy is
// never sent a first reminder again under another, and one who received a
// formal notice never gets an ordinary reminder after it.
//
//   courtesy reminders (before the due date)   1-9    by their order
//   ordinary reminders (after it)              10-99  by their order
//   formal notices                             100-199
//   hand-over to collection                    200 and up
namespace relance {

inline constexpr std::int32_t kCourtesyRank = 1;
inline constexpr std::int32_t kReminderRank = 10;
inline constexpr std::int32_t kFormalNoticeRank = 100;
inline constexpr std::int32_t kHandOverRank = 200;

// The rank of `policy.steps[index]`.
std::int32_t StepRank(const storage::PolicyRecord& policy, std::size_t index);

// Whether `state` means the debtor received the step, or is about to: made
// due, being sent, sent, or its task done.
bool IsCarriedOutOrPending(storage::ReminderState state);

// What the debtor has received of an invoice's ladder, under any policy.
struct LadderHistory {
  // The highest rank carried out or pending, 0 for none, and its step.
  std::int32_t rank = 0;
  std::string step_key;
  // The latest client-local day a step was made due.
  std::optional<absl::CivilDay> last_day;
  // The latest instant a step was carried out (sent, or its task done).
  std::optional<absl::Time> last_time;
};
LadderHistory HistoryOf(const std::vector<storage::ReminderRecord>& reminders);

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_ESCALATION_H_
