#include "client-cli/importer.h"

#include <grpcpp/client_context.h>

#include <algorithm>
#include <cstdint>
#include <istream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "client-cli/command_env.h"
#include "client-cli/csv_reader.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace relance::cli {
namespace {

// True if `text` is UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF), as protobuf requires of a string field.
bool IsUtf8(absl::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    int length = 0;
    std::uint32_t code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code = byte & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[length] || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// The first string field of `message` (by its path, "total.currency_code")
// that is not UTF-8; empty when every one is. The server could not read the
// message that carried it.
std::string NonUtf8Field(const google::protobuf::Message& message,
                         const std::string& prefix = "") {
  const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
  const google::protobuf::Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    const std::string path = prefix + field->name();
    if (field->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          if (!IsUtf8(reflection->GetRepeatedString(message, field, k))) {
            return path;
          }
        }
      } else if (!IsUtf8(reflection->GetString(message, field))) {
        return path;
      }
    } else if (field->type() ==
                   google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
               !field->is_repeated() && reflection->HasField(message, field)) {
      std::string inner =
          NonUtf8Field(reflection->GetMessage(message, field), path + ".");
      if (!inner.empty()) return inner;
    }
  }
  return std::string();
}

}  // namespace

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
  std::int64_t rows_sent = 0;
  bool stream_ok = true;
  auto send = [&] {
    if (batch.rows().empty()) return true;
    rows_sent += batch.rows_size();
    if (!stream->Write(batch)) return false;
    // Clear keeps the row objects allocated, for the next batch to reuse.
    batch.Clear();
    return true;
  };
  while (stream_ok && reader.Next(record)) {
    if (IsBlankRecord(record)) continue;
    auto converted = ConvertRecord(record, plan.columns);
    if (auto* row = std::get_if<v1::ImportInvoiceRow>(&converted)) {
      if (std::string field = NonUtf8Field(*row); !field.empty()) {
        v1::ImportRejection rejection;
        rejection.set_line(row->line());
        rejection.set_field(field);
        rejection.set_description(
            "is not UTF-8 text (the file may be Latin-1 or Windows-1252: save "
            "it as UTF-8)");
        local_rejections.push_back(std::move(rejection));
      } else {
        batch.add_rows()->Swap(row);
      }
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
  if (stream_ok) {
    // The last message says how many rows the stream carried: the server
    // tells its end from a message it could not read by this count.
    batch.set_total_rows(rows_sent + batch.rows_size());
    rows_sent += batch.rows_size();
    stream_ok = stream->Write(batch);
  }
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
