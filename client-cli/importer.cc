#include "client-cli/importer.h"

#include <grpcpp/client_context.h>

#include <algorithm>
#include <cstdint>
#include <istream>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client-cli/command_env.h"
#include "client-cli/csv_reader.h"

namespace relance::cli {

absl::StatusOr<ImportPlan> PlanImport(std::istream& in) {
  CsvReader reader(in);
  CsvRecord record;
  if (!reader.Next(record)) {
    return absl::InvalidArgumentError(
        "the file is empty: expected a header row");
  }
  if (!record.error.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("header row: ", record.error));
  }
  absl::StatusOr<ColumnMap> columns = MapHeader(record.fields);
  if (!columns.ok()) return columns.status();

  ImportPlan plan{*std::move(columns), 0};
  while (reader.Next(record)) {
    if (!IsBlankRecord(record)) ++plan.record_count;
  }
  in.clear();
  if (!in.seekg(0)) {
    return absl::InvalidArgumentError(
        "the file cannot be read twice (not seekable)");
  }
  return plan;
}

ImportResult SendImport(std::istream& in, const ImportPlan& plan,
                        v1::InvoiceService::StubInterface& stub,
                        const ImportSettings& settings, ProgressBar& progress) {
  const std::int64_t batch_size = std::max(1, settings.batch_size);
  const std::int64_t batches = std::max<std::int64_t>(
      1, (plan.record_count + batch_size - 1) / batch_size);

  ImportResult result;
  grpc::ClientContext context;
  PrepareContext(
      context,
      settings.timeout_seconds_per_batch * static_cast<double>(batches),
      settings.token);
  std::unique_ptr<grpc::ClientWriterInterface<v1::ImportInvoicesRequest>>
      stream = stub.ImportInvoices(&context, &result.response);

  CsvReader reader(in);
  CsvRecord record;
  reader.Next(record);  // The header, mapped by PlanImport.

  std::vector<v1::ImportRejection> local_rejections;
  v1::ImportInvoicesRequest batch;
  std::int64_t processed = 0;
  bool stream_ok = true;
  auto send = [&] {
    if (batch.rows().empty()) return true;
    if (!stream->Write(batch)) return false;
    // Clear keeps the row objects allocated, for the next batch to reuse.
    batch.Clear();
    return true;
  };
  while (stream_ok && reader.Next(record)) {
    if (IsBlankRecord(record)) continue;
    auto converted = ConvertRecord(record, plan.columns);
    if (auto* row = std::get_if<v1::ImportInvoiceRow>(&converted)) {
      batch.add_rows()->Swap(row);
    } else {
      local_rejections.push_back(
          std::get<v1::ImportRejection>(std::move(converted)));
    }
    ++processed;
    if (batch.rows_size() >= batch_size) {
      stream_ok = send();
      progress.Update(processed);
    }
  }
  if (stream_ok) stream_ok = send();
  progress.Update(processed);
  if (stream_ok) stream->WritesDone();
  // The server commits the batches it has received before answering; the bar
  // waits at its last position meanwhile.
  result.status = stream->Finish();
  progress.Finish();
  if (!result.status.ok()) return result;

  v1::ImportInvoicesResponse& response = result.response;
  response.set_rejected_count(
      response.rejected_count() +
      static_cast<std::int64_t>(local_rejections.size()));
  for (v1::ImportRejection& rejection : local_rejections) {
    response.add_rejections()->Swap(&rejection);
  }
  std::stable_sort(
      response.mutable_rejections()->begin(),
      response.mutable_rejections()->end(),
      [](const v1::ImportRejection& a, const v1::ImportRejection& b) {
        return a.line() < b.line();
      });
  return result;
}

}  // namespace relance::cli
