#ifndef RELANCE_CLIENT_CLI_OUTPUT_H_
#define RELANCE_CLIENT_CLI_OUTPUT_H_

#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>
#include <google/protobuf/timestamp.pb.h>

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "client-cli/money.h"
#include "relance/v1/money.pb.h"

// The one writer every command prints its result with. A command hands over
// both the response message (for JSON, the proto3 mapping, so scripts see the
// API's own shape) and the same data as sections of rows (for people and for
// CSV).
namespace relance::cli {

enum class OutputFormat { kTable, kJson, kCsv };

std::optional<OutputFormat> ParseOutputFormat(absl::string_view text);

// Amounts stay Money until written, because each format writes them its own
// way.
using Cell = std::variant<std::string, v1::Money>;

struct Column {
  // snake_case, as in the API; the CSV header uses it as is, tables in
  // capitals.
  std::string name;
  // CSV always has every column; tables drop what would be noise there.
  enum class Shown { kEverywhere, kDetailsOnly, kCsvOnly };
  Shown shown = Shown::kEverywhere;
};

struct Section {
  // How a table shows the rows: aligned columns, one "field  value" line per
  // column (for a single record), or one line per row such as "line 4: total:
  // not an amount".
  enum class Layout { kColumns, kFields, kLines };
  Layout layout = Layout::kColumns;
  // Printed above the rows in tables; empty for none.
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
};

// One record as "field: value" lines.
Section RecordSection(std::vector<Column> columns, std::vector<Cell> row);

// Records as columns, one row each through `row`.
template <typename Record, typename RowFn>
Section ListSection(std::vector<Column> columns,
                    const google::protobuf::RepeatedPtrField<Record>& records,
                    RowFn row, std::string title = "") {
  Section section{
      Section::Layout::kColumns, std::move(title), std::move(columns), {}};
  section.rows.reserve(static_cast<std::size_t>(records.size()));
  for (const Record& record : records) section.rows.push_back(row(record));
  return section;
}

// An amount as a cell, or "" when `present` is false.
Cell MoneyCell(bool present, const v1::Money& money);

class OutputWriter {
 public:
  OutputWriter(OutputFormat format, NumberPunctuation punctuation,
               std::ostream& out)
      : format_(format), punctuation_(std::move(punctuation)), out_(out) {}

  OutputFormat format() const { return format_; }

  // JSON writes `response`; table and CSV write `sections`, separated by a
  // blank line.
  void Write(const google::protobuf::Message& response,
             const std::vector<Section>& sections) const;

 private:
  void WriteJson(const google::protobuf::Message& response) const;
  void WriteCsv(const Section& section) const;
  void WriteTable(const Section& section) const;

  OutputFormat format_;
  NumberPunctuation punctuation_;
  std::ostream& out_;
};

// An instant as a cell: RFC 3339 in UTC, or "" when `present` is false (an
// unset optional time).
std::string TimeText(bool present, const google::protobuf::Timestamp& time);

// RFC 4180: quotes a field when it holds a comma, a quote or a line break.
std::string CsvField(absl::string_view text);

// Characters a terminal shows for UTF-8 text (code points; good enough for
// Latin scripts).
std::size_t DisplayWidth(absl::string_view text);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_OUTPUT_H_
