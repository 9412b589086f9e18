#ifndef RELANCE_CLIENT_CLI_IMPORT_ROWS_H_
#define RELANCE_CLIENT_CLI_IMPORT_ROWS_H_

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "client-cli/csv_reader.h"
#include "relance/v1/invoice.pb.h"

// From CSV records to ImportInvoiceRow messages: which column is which, and the
// checks only the CLI can make (the server validates everything else and
// reports it per row).
namespace relance::cli {

enum class ImportColumn {
  kNumber,
  kClientReference,
  kIssueDate,
  kDueDate,
  kCurrency,
  kTotal,
  kClientName,
  kClientEmail,
  kClientPhone,
  kClientKind,
  // Address lines separated by "|" (written " | ") or by line breaks inside a
  // quoted field.
  kClientAddress,
  // Addresses separated by ";" or ",".
  kClientCc,
};
inline constexpr std::size_t kImportColumnCount = 12;

// Where each column sits in the records of one file.
struct ColumnMap {
  std::array<std::optional<std::size_t>, kImportColumnCount> index;
  std::size_t header_size = 0;
  // Header names that match no column, as written; worth a warning (a typo in
  // an optional column would otherwise drop its data silently).
  std::vector<std::string> ignored;
};

// Maps a header row: names in any order, any case, spaces or dashes for
// underscores, with the usual aliases. INVALID_ARGUMENT naming the first
// missing required column, or a column given twice.
absl::StatusOr<ColumnMap> MapHeader(const std::vector<std::string>& header);

// True for a record with nothing but blanks, which spreadsheets leave at the
// end of sheets.
bool IsBlankRecord(const CsvRecord& record);

// The items of a list column: split at any of `separators`, trimmed, the empty
// ones (a trailing separator, a blank line) left out.
std::vector<std::string> SplitListField(absl::string_view text,
                                        absl::string_view separators);

// The row to send, or why it cannot be sent: a malformed record, a field count
// that differs from the header (a comma that should have been quoted shifts
// every column after it), an amount that does not parse for its currency, an
// unknown client kind.
std::variant<v1::ImportInvoiceRow, v1::ImportRejection> ConvertRecord(
    const CsvRecord& record, const ColumnMap& columns);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_IMPORT_ROWS_H_
