// libFuzzer target: arbitrary bytes as the messages of one ImportInvoices
// stream, read as the handler reads them: each message parsed as gRPC does
// (one that does not parse ends the stream, as Read returning false), counted
// by ImportStreamTally, its rows converted. The stream's end must be told from
// a broken message: a stream whose count does not match the rows read, or
// that broke, never ends OK.

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "relance/v1/invoice.pb.h"
#include "server/api/conversions.h"
#include "server/api/import_stream.h"
#include "server/api/unparsable_fields.h"
#include "server/domain/field_violations.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  relance::api::CaptureUnparsableUtf8Fields();
  // Messages framed by a two-byte length (little endian), as many as fit.
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  relance::api::ImportStreamTally tally(/*max_rows=*/20000);
  std::int64_t rows_imported = 0;
  bool broken = false;
  while (input.size() >= 2) {
    const std::size_t length = static_cast<unsigned char>(input[0]) |
                               (static_cast<unsigned char>(input[1]) << 8);
    input.remove_prefix(2);
    const absl::string_view bytes = input.substr(0, length);
    input.remove_prefix(bytes.size());
    relance::v1::ImportInvoicesRequest message;
    if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      broken = true;
      break;
    }
    const absl::Status accepted = tally.Accept(message);
    for (const relance::FieldViolation& violation :
         relance::GetFieldViolations(accepted)) {
      if (violation.field.empty()) __builtin_trap();
    }
    if (!accepted.ok()) return 0;  // The handler ends the call here.
    for (const relance::v1::ImportInvoiceRow& row : message.rows()) {
      (void)relance::api::ImportRowFromProto(row);
    }
    rows_imported += message.rows_size();
  }
  const absl::Status end =
      tally.End(rows_imported, relance::api::TakeUnparsableUtf8Field());
  // OK only when every row read was imported and counted by the client.
  if (end.ok() && tally.rows_read() != rows_imported) __builtin_trap();
  (void)broken;
  return 0;
}
