#include "client-cli/import_rows.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "client-cli/enum_text.h"
#include "client-cli/money.h"
#include "proto/relance/currency.h"

namespace relance::cli {
namespace {

struct ColumnSpec {
  ImportColumn column;
  bool required;
  // The first name is the canonical one, as in ImportInvoiceRow.
  std::vector<absl::string_view> names;
};

const std::array<ColumnSpec, kImportColumnCount>& ColumnSpecs() {
  static const auto* const kSpecs =
      new std::array<ColumnSpec, kImportColumnCount>{{
          {ImportColumn::kNumber, true, {"number", "invoice_number"}},
          {ImportColumn::kClientReference,
           true,
           {"client_reference", "client_ref", "client"}},
          {ImportColumn::kIssueDate, true, {"issue_date"}},
          {ImportColumn::kDueDate, true, {"due_date"}},
          {ImportColumn::kCurrency, true, {"currency"}},
          {ImportColumn::kTotal, true, {"total", "total_incl_tax", "amount"}},
          {ImportColumn::kClientName, false, {"client_name"}},
          {ImportColumn::kClientEmail, false, {"client_email", "email"}},
          {ImportColumn::kClientPhone, false, {"client_phone", "phone"}},
          {ImportColumn::kClientKind, false, {"client_kind", "kind"}},
          {ImportColumn::kClientAddress,
           false,
           {"client_address", "client_postal_address"}},
          {ImportColumn::kClientCc, false, {"client_cc", "client_cc_emails"}},
      }};
  return *kSpecs;
}

// "Due Date", "due-date" and "DUE_DATE" all name due_date.
std::string NormalizeName(absl::string_view name) {
  std::string normalized =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
  for (char& c : normalized) {
    if (c == ' ' || c == '-') c = '_';
  }
  return normalized;
}

v1::ImportRejection Rejection(std::int64_t line, std::string field,
                              std::string description) {
  v1::ImportRejection rejection;
  rejection.set_line(line);
  rejection.set_field(std::move(field));
  rejection.set_description(std::move(description));
  return rejection;
}

}  // namespace

absl::StatusOr<ColumnMap> MapHeader(const std::vector<std::string>& header) {
  ColumnMap map;
  map.header_size = header.size();
  std::array<std::string, kImportColumnCount> found_as;
  for (std::size_t position = 0; position < header.size(); ++position) {
    const std::string name = NormalizeName(header[position]);
    const auto spec = std::find_if(
        ColumnSpecs().begin(), ColumnSpecs().end(), [&](const auto& s) {
          return std::find(s.names.begin(), s.names.end(), name) !=
                 s.names.end();
        });
    if (spec == ColumnSpecs().end()) {
      map.ignored.push_back(header[position]);
      continue;
    }
    const auto slot = static_cast<std::size_t>(spec->column);
    if (map.index[slot].has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the header names ", spec->names.front(), " twice ('",
                       found_as[slot], "' and '", header[position], "')"));
    }
    map.index[slot] = position;
    found_as[slot] = header[position];
  }
  for (const ColumnSpec& spec : ColumnSpecs()) {
    if (!spec.required ||
        map.index[static_cast<std::size_t>(spec.column)].has_value()) {
      continue;
    }
    std::string message =
        absl::StrCat("the header row has no '", spec.names.front(), "' column");
    if (spec.names.size() > 1) {
      absl::StrAppend(
          &message, " (also accepted: ",
          absl::StrJoin(spec.names.begin() + 1, spec.names.end(), ", "), ")");
    }
    return absl::InvalidArgumentError(message);
  }
  return map;
}

std::vector<std::string> SplitListField(absl::string_view text,
                                        absl::string_view separators) {
  std::vector<std::string> items;
  for (absl::string_view item :
       absl::StrSplit(text, absl::ByAnyChar(separators))) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) items.emplace_back(item);
  }
  return items;
}

bool IsBlankRecord(const CsvRecord& record) {
  return record.error.empty() &&
         std::all_of(record.fields.begin(), record.fields.end(),
                     [](const std::string& field) {
                       return absl::StripAsciiWhitespace(field).empty();
                     });
}

std::variant<v1::ImportInvoiceRow, v1::ImportRejection> ConvertRecord(
    const CsvRecord& record, const ColumnMap& columns) {
  if (!record.error.empty()) return Rejection(record.line, "", record.error);
  if (record.fields.size() != columns.header_size) {
    return Rejection(
        record.line, "",
        absl::StrCat("has ", record.fields.size(),
                     " fields but the header has ", columns.header_size,
                     " (a comma in a value must be quoted)"));
  }
  auto value = [&](ImportColumn column) -> absl::string_view {
    const auto& index = columns.index[static_cast<std::size_t>(column)];
    if (!index.has_value()) return {};
    return absl::StripAsciiWhitespace(record.fields[*index]);
  };

  v1::ImportInvoiceRow row;
  row.set_line(record.line);
  row.set_number(std::string(value(ImportColumn::kNumber)));
  row.set_client_reference(std::string(value(ImportColumn::kClientReference)));
  row.set_client_name(std::string(value(ImportColumn::kClientName)));
  row.set_client_email(std::string(value(ImportColumn::kClientEmail)));
  row.set_client_phone(std::string(value(ImportColumn::kClientPhone)));
  row.set_issue_date(std::string(value(ImportColumn::kIssueDate)));
  row.set_due_date(std::string(value(ImportColumn::kDueDate)));
  // A spreadsheet cell holds a list as one text; "\r" goes with line breaks
  // written on Windows.
  for (std::string& line :
       SplitListField(value(ImportColumn::kClientAddress), "|\r\n")) {
    row.add_client_postal_address_lines(std::move(line));
  }
  for (std::string& email :
       SplitListField(value(ImportColumn::kClientCc), ";,")) {
    row.add_client_cc_emails(std::move(email));
  }

  if (const absl::string_view kind = value(ImportColumn::kClientKind);
      !kind.empty()) {
    const std::optional<v1::ClientKind> parsed = ParseClientKind(kind);
    if (!parsed.has_value()) {
      return Rejection(
          record.line, "client_kind",
          absl::StrCat("'", kind, "' is not a client kind (b2b or b2c)"));
    }
    row.set_client_kind(*parsed);
  }

  // Only the CLI knows the text of the amount; the server receives minor units.
  const std::string currency =
      NormalizeCurrency(value(ImportColumn::kCurrency));
  if (currency.empty()) {
    return Rejection(record.line, "total.currency_code", "must not be empty");
  }
  const absl::string_view total = value(ImportColumn::kTotal);
  if (total.empty()) {
    return Rejection(record.line, "total", "must not be empty");
  }
  absl::StatusOr<v1::Money> money = ParseMoney(total, currency);
  if (!money.ok()) {
    const bool known_currency = CurrencyMinorDigits(currency).has_value();
    return Rejection(record.line,
                     known_currency ? "total" : "total.currency_code",
                     std::string(money.status().message()));
  }
  *row.mutable_total() = *std::move(money);
  return row;
}

}  // namespace relance::cli
