#ifndef RELANCE_STORAGE_INTERFACES_WORKFLOW_RULES_H_
#define RELANCE_STORAGE_INTERFACES_WORKFLOW_RULES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "storage/interfaces/workflow.h"

namespace relance::storage {

// What an invoice has received and still owes, as the workflow measures it.
struct InvoiceSums {
  // Paid and credited.
  std::int64_t received_minor = 0;
  // The principal still owed.
  std::int64_t outstanding_minor = 0;
};

// An open promise, as the rules judge it.
struct PromiseToJudge {
  std::int64_t amount_minor = 0;
  // What the invoice had received when the promise was made.
  std::int64_t paid_at_start_minor = 0;
};

// An active plan and its instalments in order, as the rules judge it.
struct PlanToJudge {
  // What the invoice had received when the plan was agreed.
  std::int64_t paid_at_start_minor = 0;
  int grace_days = 0;
  int break_after_days = 0;
  std::vector<InstalmentRecord> instalments;
};

// What becomes of a plan: the instalments now paid, missed, the one that
// breaks it. Numbers as in InstalmentRecord.
struct PlanVerdict {
  std::vector<std::int32_t> paid;
  // Every instalment paid, or nothing left due on the invoice.
  bool completed = false;
  std::vector<std::int32_t> missed;
  // The first instalment still unpaid `break_after_days` after its due date.
  std::optional<std::int32_t> broken_by;
};

// The collections workflow's decisions on promises and plans, when money
// arrives or days pass. The domain makes them (server/domain/workflow_rules.h);
// storage applies them to the rows it has locked, in the same transaction, so
// that a decision and what it was made on never drift apart. Implementations
// are pure and thread-safe.
class WorkflowRules {
 public:
  virtual ~WorkflowRules() = default;

  // Whether `promise` is kept by what `invoice` has received so far.
  virtual bool PromiseKept(const PromiseToJudge& promise,
                           const InvoiceSums& invoice) const = 0;

  // Whether an instalment due on `due_date` is late on `day`, its grace over.
  virtual bool GraceOver(absl::CivilDay due_date, int grace_days,
                         absl::CivilDay day) const = 0;

  // What `plan` becomes with what `invoice` has received: the instalments
  // covered are paid; with `day` (the workflow's daily sweep; none when a
  // settlement is recorded), the pending ones past their grace are missed and
  // the plan may break.
  virtual PlanVerdict JudgePlan(const PlanToJudge& plan,
                                const InvoiceSums& invoice,
                                std::optional<absl::CivilDay> day) const = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_WORKFLOW_RULES_H_
