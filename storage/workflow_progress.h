#ifndef RELANCE_STORAGE_WORKFLOW_PROGRESS_H_
#define RELANCE_STORAGE_WORKFLOW_PROGRESS_H_

#include <soci/soci.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/records.h"
#include "storage/transaction_runner.h"
#include "storage/workflow.h"

// TEMPORARY declaration on branch h1: another helper writes the real
// workflow_progress.{h,cc}; this one is replaced at merge.
namespace relance::storage {

absl::StatusOr<SweepResult> SweepWorkflow(TransactionRunner* runner,
                                          absl::CivilDay day, absl::Time cutoff,
                                          const std::string& actor,
                                          const InstalmentDunning& dunning,
                                          absl::Time now);

absl::Status ApplySettlementIn(soci::session& session, std::int64_t invoice_id,
                               const SettlementRecord& settlement,
                               absl::Time now);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_WORKFLOW_PROGRESS_H_
