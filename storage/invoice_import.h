#ifndef RELANCE_STORAGE_INVOICE_IMPORT_H_
#define RELANCE_STORAGE_INVOICE_IMPORT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/database.h"
#include "storage/records.h"

namespace soci {
class session;
}

namespace relance::storage {

// Imports `rows` in the caller's write transaction (see
// InvoiceRepository::ImportBatch): one statement per step for the whole batch
// on PostgreSQL, where each statement costs a round trip; prepared single-row
// statements on SQLite, where a statement costs microseconds. The rows' dates
// and client lists must be storable (CheckStorableDay, CheckStorableList).
// Throws what SOCI throws.
absl::StatusOr<ImportBatchResult> ImportInvoices(
    soci::session& session, Dialect dialect, const std::vector<ImportRow>& rows,
    absl::Time now);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INVOICE_IMPORT_H_
