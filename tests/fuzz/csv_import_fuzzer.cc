// libFuzzer target: arbitrary bytes as an import file, through the CLI's CSV
// reader, header mapping and row conversion, as `relance import` reads them.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <variant>

#include "client-cli/csv_reader.h"
#include "client-cli/import_rows.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  relance::cli::CsvReader reader(in);
  relance::cli::CsvRecord record;
  std::int64_t previous_line = 0;
  absl::StatusOr<relance::cli::ColumnMap> columns =
      absl::InvalidArgumentError("no header yet");
  while (reader.Next(record)) {
    // Records start on increasing lines: the rejections' line numbers mean
    // something.
    if (record.line <= previous_line) __builtin_trap();
    previous_line = record.line;
    if (!columns.ok()) {
      columns = relance::cli::MapHeader(record.fields);
      continue;
    }
    if (relance::cli::IsBlankRecord(record)) continue;
    auto converted = relance::cli::ConvertRecord(record, *columns);
    if (const auto* row =
            std::get_if<relance::v1::ImportInvoiceRow>(&converted)) {
      if (row->line() != record.line) __builtin_trap();
    }
  }
  return 0;
}
