#ifndef RELANCE_SERVER_DOMAIN_WORKFLOW_RULES_H_
#define RELANCE_SERVER_DOMAIN_WORKFLOW_RULES_H_

#include <optional>

#include "absl/time/civil_time.h"
#include "storage/interfaces/workflow_rules.h"

namespace relance {

// The collections workflow's rules, which storage applies inside the
// transactions of settlements and of the daily sweep:
// - a promise is kept once what the invoice received since it was made covers
//   it, or nothing is left due; the sweep breaks it when its wait is over;
// - a plan's instalments are covered by what the invoice received since the
//   plan was agreed, in order; the plan is complete when all are paid or
//   nothing is left due;
// - an instalment still pending when its grace (`grace_days` after its due
//   date) is over is missed, and dunned;
// - a plan with an instalment still unpaid `break_after_days` after its due
//   date is broken, and the ladder resumes on what is left.
class CollectionsRules final : public storage::WorkflowRules {
 public:
  bool PromiseKept(const storage::PromiseToJudge& promise,
                   const storage::InvoiceSums& invoice) const override;
  bool GraceOver(absl::CivilDay due_date, int grace_days,
                 absl::CivilDay day) const override;
  storage::PlanVerdict JudgePlan(
      const storage::PlanToJudge& plan, const storage::InvoiceSums& invoice,
      std::optional<absl::CivilDay> day) const override;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_WORKFLOW_RULES_H_
