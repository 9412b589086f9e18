#ifndef RELANCE_STORAGE_INVOICE_IMPORT_H_
#define RELANCE_STORAGE_INVOICE_IMPORT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/database_options.h"
#include "storage/interfaces/records.h"

namespace soci {
class session;
}

namespace relance::storage {

// Imports `rows` in the caller's write transaction (see
// InvoiceRepository::ImportBatch): one statement per step for the whole batch
// on PostgreSQL, where each statement costs a round trip; prepared single-row
// statements on SQLite, where a statement costs microseconds. With an owner
// scope, the owners of the batch's clients are read after they are found or
// created, in the same transaction, and the rows of other owners' clients are
// left out of the invoice step. The rows' dates
// and client lists must be storable (CheckStorableDay, CheckStorableList).
// Throws what SOCI throws.
absl::StatusOr<ImportBatchResult> ImportInvoices(
    soci::session& session, Dialect dialect, const std::vector<ImportRow>& rows,
    const ImportOptions& options, absl::Time now);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INVOICE_IMPORT_H_
