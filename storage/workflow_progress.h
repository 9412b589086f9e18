#ifndef RELANCE_STORAGE_WORKFLOW_PROGRESS_H_
#define RELANCE_STORAGE_WORKFLOW_PROGRESS_H_

#include <soci/soci.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/workflow.h"
#include "storage/interfaces/workflow_rules.h"
#include "storage/transaction_runner.h"

// How the collections workflow moves on by itself: with time (the sweep) and
// with money (settlements). Which promises are kept or broken, which
// instalments are paid or missed and when a plan breaks is the WorkflowRules'
// decision (the domain's, server/domain/workflow_rules.h); storage finds the
// candidates, locks and re-reads each, and writes what the rules decided on
// what it read, in the same transaction.
namespace relance::storage {

// WorkflowRepository::Sweep over SQL (see workflow.h for what it writes). Each
// promise, instalment, plan, dispute and reminder is moved in a transaction
// of its own that locks the invoice, then re-reads and re-checks the item
// (locked too on PostgreSQL): two servers sweeping at once write each outcome
// once, and a settlement racing the sweep is seen by it or sees its outcome.
// Returns UNAVAILABLE and INTERNAL like any repository, and
// FAILED_PRECONDITION when a missed instalment's client has no policy and no
// default policy exists; what earlier transactions wrote stays written.
absl::StatusOr<SweepResult> SweepWorkflow(TransactionRunner* runner,
                                          const WorkflowRules& rules,
                                          absl::CivilDay day, absl::Time cutoff,
                                          const std::string& actor,
                                          const InstalmentDunning& dunning,
                                          absl::Time now);

// Records on the timeline, in the caller's transaction, what `settlement`
// (just applied to invoice `invoice_id`) does to the workflow, in this order:
// its kPaymentReceived or kCreditNoteRecorded entry; the invoice's open
// promises now covered, kept; the active plan's instalments now covered,
// paid, with their reminders not carried out cancelled; the plan completed
// once every instalment is paid or nothing is left due. NOT_FOUND for an
// unknown invoice; INTERNAL for rows the schema should have prevented.
absl::Status ApplySettlementIn(soci::session& session,
                               const WorkflowRules& rules,
                               std::int64_t invoice_id,
                               const SettlementRecord& settlement,
                               absl::Time now);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_WORKFLOW_PROGRESS_H_
