// TEMPORARY stub on branch h1, deleted at merge: the real implementation is
// another helper's workflow_progress.cc.
#include "absl/status/status.h"
#include "storage/workflow_progress.h"

namespace relance::storage {

absl::StatusOr<SweepResult> SweepWorkflow(TransactionRunner*, absl::CivilDay,
                                          absl::Time, const std::string&,
                                          const InstalmentDunning&,
                                          absl::Time) {
  return absl::UnimplementedError("the workflow sweep is not merged yet");
}

absl::Status ApplySettlementIn(soci::session&, std::int64_t,
                               const SettlementRecord&, absl::Time) {
  return absl::UnimplementedError("the workflow sweep is not merged yet");
}

}  // namespace relance::storage
