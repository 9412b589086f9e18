#ifndef RELANCE_CLIENT_CLI_IMPORTER_H_
#define RELANCE_CLIENT_CLI_IMPORTER_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <istream>

#include "absl/status/statusor.h"
#include "client-cli/import_rows.h"
#include "client-cli/progress.h"
#include "relance/v1/invoice.grpc.pb.h"

// Streams a CSV file of invoices to InvoiceService.ImportInvoices. The file is
// read twice (once to check the header and count the records for the progress
// bar, once to send), never held in memory: a batch of rows at a time is.
namespace relance::cli {

// A file checked and ready to send.
struct ImportPlan {
  ColumnMap columns;
  // Data records, blank ones left out.
  std::int64_t record_count = 0;
};

// Reads the header and counts the records, then rewinds `in`. INVALID_ARGUMENT
// when the file is empty, or its header is malformed or lacks a required
// column: nothing is sent then.
absl::StatusOr<ImportPlan> PlanImport(std::istream& in);

struct ImportSettings {
  // Rows per ImportInvoicesRequest; the server accepts at most 5000.
  int batch_size = 2000;
  // The server commits each batch before reading the next: the stream's
  // deadline allows this much per batch.
  double timeout_seconds_per_batch = 30;
  // Sent as the `authorization` metadata (see PrepareContext).
  std::string token;
};

struct ImportResult {
  // Of the stream as a whole. When it failed, nothing is known of the rows
  // sent: a batch may or may not have been committed.
  grpc::Status status;
  // The server's counts with the rows rejected locally added in, rejections
  // sorted by line.
  v1::ImportInvoicesResponse response;
};

// Sends the records of `in` (read from the start, header included) in batches.
ImportResult SendImport(std::istream& in, const ImportPlan& plan,
                        v1::InvoiceService::StubInterface& stub,
                        const ImportSettings& settings, ProgressBar& progress);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_IMPORTER_H_
