#ifndef RELANCE_STORAGE_WORKFLOW_REPOSITORY_H_
#define RELANCE_STORAGE_WORKFLOW_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/workflow.h"
#include "storage/interfaces/workflow_rules.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// WorkflowRepository over SQL, the same statements on SQLite and PostgreSQL
// (which also locks the invoice a change checks, so that two changes of one
// invoice take turns).
class SqlWorkflowRepository final : public WorkflowRepository {
 public:
  // `rules` decide what the sweep does to promises and plans; they must
  // outlive the repository.
  SqlWorkflowRepository(TransactionRunner* runner, const WorkflowRules* rules)
      : runner_(runner), rules_(rules) {}

  absl::StatusOr<WorkflowChange<DisputeRecord>> OpenDispute(
      const DisputeRecord& dispute, const InteractionRecord& entry,
      absl::Time now) override;
  absl::StatusOr<WorkflowChange<DisputeRecord>> CommentDispute(
      std::int64_t dispute_id, const InteractionRecord& entry,
      absl::Time now) override;
  absl::StatusOr<WorkflowChange<DisputeRecord>> ResolveDispute(
      std::int64_t dispute_id, DisputeOutcome outcome,
      const std::string& resolution, const InteractionRecord& entry,
      absl::Time now) override;
  absl::StatusOr<DisputeRecord> GetDispute(std::int64_t id) override;
  absl::StatusOr<Page<DisputeRecord>> ListDisputes(
      const DisputeFilter& filter, const PageRequest& page) override;

  absl::StatusOr<WorkflowChange<PromiseRecord>> MakePromise(
      const PromiseRecord& promise, const InteractionRecord& entry,
      absl::Time now) override;
  absl::StatusOr<PromiseRecord> GetPromise(std::int64_t id) override;
  absl::StatusOr<Page<PromiseRecord>> ListPromises(
      const PromiseFilter& filter, const PageRequest& page) override;

  absl::StatusOr<WorkflowChange<PlanRecord>> CreatePlan(
      const PlanRecord& plan, const InteractionRecord& entry,
      absl::Time now) override;
  absl::StatusOr<WorkflowChange<PlanRecord>> CancelPlan(
      std::int64_t plan_id, const InteractionRecord& entry,
      absl::Time now) override;
  absl::StatusOr<PlanRecord> GetPlan(std::int64_t id) override;
  absl::StatusOr<Page<PlanRecord>> ListPlans(const PlanFilter& filter,
                                             const PageRequest& page) override;

  absl::StatusOr<WorkflowChange<ClientRecord>> SetClientBlock(
      std::int64_t client_id, std::optional<absl::CivilDay> until,
      const std::string& reason, const InteractionRecord& entry,
      absl::Time now) override;

  absl::StatusOr<CallResult> LogCall(const CallWrite& call,
                                     absl::Time now) override;

  // Delegates to SweepWorkflow (workflow_progress.h).
  absl::StatusOr<SweepResult> Sweep(absl::CivilDay day, absl::Time cutoff,
                                    const std::string& actor,
                                    const InstalmentDunning& dunning,
                                    absl::Time now) override;

 private:
  TransactionRunner* runner_;
  const WorkflowRules* rules_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_WORKFLOW_REPOSITORY_H_
