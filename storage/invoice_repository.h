#ifndef RELANCE_STORAGE_INVOICE_REPOSITORY_H_
#define RELANCE_STORAGE_INVOICE_REPOSITORY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/repositories.h"
#include "storage/interfaces/workflow_rules.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// InvoiceRepository over SQL. The statements are the same on SQLite and
// PostgreSQL except for the bulk import (see invoice_import.h).
class SqlInvoiceRepository final : public InvoiceRepository {
 public:
  // `rules` decide what a settlement does to the invoice's promises and plan;
  // they must outlive the repository.
  SqlInvoiceRepository(TransactionRunner* runner, const WorkflowRules* rules)
      : runner_(runner), rules_(rules) {}

  absl::StatusOr<InvoiceRecord> Create(const InvoiceRecord& invoice,
                                       absl::string_view request_id,
                                       const Change& change) override;
  absl::StatusOr<InvoiceRecord> Get(std::int64_t id) override;
  absl::StatusOr<Page<InvoiceRecord>> List(const InvoiceFilter& filter,
                                           const PageRequest& page) override;
  absl::StatusOr<InvoiceRecord> Update(const InvoiceRecord& invoice,
                                       const Change& change) override;
  absl::StatusOr<SettlementResult> AddSettlement(
      const SettlementRecord& settlement, absl::string_view request_id,
      absl::Time now) override;
  absl::StatusOr<ClaimsRecorded> RecordClaims(
      std::int64_t invoice_id, std::int64_t expected_version,
      const std::optional<SettlementRecord>& settlement,
      const std::vector<ClaimEntryRecord>& entries,
      const InteractionRecord& timeline_entry, absl::string_view request_id,
      absl::Time now) override;
  absl::StatusOr<std::optional<ClaimsRecorded>> FindClaimsByRequestId(
      absl::string_view request_id) override;
  absl::StatusOr<std::vector<SettlementRecord>> ListSettlements(
      std::int64_t invoice_id) override;
  absl::StatusOr<InvoiceWithSettlementsRecord> GetWithSettlements(
      std::int64_t id) override;
  using InvoiceRepository::ImportBatch;
  absl::StatusOr<ImportBatchResult> ImportBatch(
      const std::vector<ImportRow>& rows, const ImportOptions& options,
      const Change& change) override;

 private:
  TransactionRunner* runner_;
  const WorkflowRules* rules_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INVOICE_REPOSITORY_H_
