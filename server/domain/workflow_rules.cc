#include "server/domain/workflow_rules.h"

#include <cstdint>
#include <optional>

#include "absl/time/civil_time.h"

namespace relance {

using storage::InstalmentRecord;
using storage::InstalmentState;

bool CollectionsRules::PromiseKept(const storage::PromiseToJudge& promise,
                                   const storage::InvoiceSums& invoice) const {
  return invoice.received_minor - promise.paid_at_start_minor >=
             promise.amount_minor ||
         invoice.outstanding_minor <= 0;
}

bool CollectionsRules::GraceOver(absl::CivilDay due_date, int grace_days,
                                 absl::CivilDay day) const {
  return due_date + grace_days < day;
}

storage::PlanVerdict CollectionsRules::JudgePlan(
    const storage::PlanToJudge& plan, const storage::InvoiceSums& invoice,
    std::optional<absl::CivilDay> day) const {
  storage::PlanVerdict verdict;
  const bool nothing_left_due = invoice.outstanding_minor <= 0;
  const std::int64_t received =
      invoice.received_minor - plan.paid_at_start_minor;
  std::int64_t owed = 0;
  bool all_paid = true;
  for (const InstalmentRecord& instalment : plan.instalments) {
    owed += instalment.amount_minor;
    if (instalment.state == InstalmentState::kPaid) continue;
    if (received >= owed || nothing_left_due) {
      verdict.paid.push_back(instalment.number);
      continue;
    }
    all_paid = false;
    if (!day.has_value()) continue;
    if (instalment.state == InstalmentState::kPending &&
        GraceOver(instalment.due_date, plan.grace_days, *day)) {
      verdict.missed.push_back(instalment.number);
    }
    if (!verdict.broken_by.has_value() &&
        instalment.due_date + plan.break_after_days < *day) {
      verdict.broken_by = instalment.number;
    }
  }
  verdict.completed = all_paid;
  return verdict;
}

}  // namespace relance
