#include "client-cli/output.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"

namespace relance::cli {
namespace {

bool ShownIn(Section::Layout layout, Column::Shown shown) {
  switch (shown) {
    case Column::Shown::kEverywhere:
      return true;
    case Column::Shown::kDetailsOnly:
      return layout != Section::Layout::kColumns;
    case Column::Shown::kCsvOnly:
      return false;
  }
  return false;
}

std::string Label(absl::string_view column_name) {
  return absl::StrReplaceAll(column_name, {{"_", " "}});
}

void Pad(std::ostream& out, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) out << ' ';
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(absl::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  if (text == "csv") return OutputFormat::kCsv;
  return std::nullopt;
}

Section RecordSection(std::vector<Column> columns, std::vector<Cell> row) {
  return {Section::Layout::kFields, "", std::move(columns), {std::move(row)}};
}

Cell MoneyCell(bool present, const v1::Money& money) {
  if (!present) return std::string();
  return money;
}

std::string TimeText(bool present, const google::protobuf::Timestamp& time) {
  return present ? google::protobuf::util::TimeUtil::ToString(time) : "";
}

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(",\"\r\n") == absl::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::size_t DisplayWidth(absl::string_view text) {
  // Every byte that does not continue a UTF-8 sequence starts a code point.
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void OutputWriter::Write(const google::protobuf::Message& response,
                         const std::vector<Section>& sections) const {
  if (format_ == OutputFormat::kJson) {
    WriteJson(response);
    return;
  }
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (i > 0) out_ << '\n';
    if (format_ == OutputFormat::kCsv) {
      WriteCsv(sections[i]);
    } else {
      WriteTable(sections[i]);
    }
  }
  out_.flush();
}

void OutputWriter::WriteJson(const google::protobuf::Message& response) const {
  google::protobuf::util::JsonPrintOptions options;
  // Every field, zero amounts and empty strings included: scripts read
  // `.invoice.outstanding.minorUnits` of a paid invoice as "0", not null.
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = false;
  std::string json;
  // Printing a well-formed message cannot fail; an empty object is the safe
  // fallback anyway.
  const auto printed =
      google::protobuf::util::MessageToJsonString(response, &json, options);
  if (!printed.ok()) json = "{}";
  out_ << json << '\n';
  out_.flush();
}

void OutputWriter::WriteCsv(const Section& section) const {
  const MoneyStyle style = MoneyStyle::ForMachines();
  auto write_row = [&](const auto& cells, auto&& text_of) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out_ << ',';
      out_ << CsvField(text_of(cells[i]));
    }
    // RFC 4180 ends records with CRLF.
    out_ << "\r\n";
  };
  write_row(section.columns, [](const Column& column) { return column.name; });
  for (const std::vector<Cell>& row : section.rows) {
    write_row(row, [&](const Cell& cell) {
      if (const auto* money = std::get_if<v1::Money>(&cell)) {
        return FormatMoney(*money, style);
      }
      return std::get<std::string>(cell);
    });
  }
}

void OutputWriter::WriteTable(const Section& section) const {
  if (section.rows.empty()) {
    out_ << (section.title.empty() ? "(none)" : section.title + ": none")
         << '\n';
    return;
  }
  if (!section.title.empty()) out_ << section.title << ":\n";

  const MoneyStyle style = MoneyStyle::ForPeople(punctuation_);
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < section.columns.size(); ++i) {
    if (ShownIn(section.layout, section.columns[i].shown)) shown.push_back(i);
  }
  auto text_of = [&](const std::vector<Cell>& row,
                     std::size_t column) -> std::string {
    if (column >= row.size()) return "";
    if (const auto* money = std::get_if<v1::Money>(&row[column])) {
      return FormatMoney(*money, style);
    }
    return std::get<std::string>(row[column]);
  };
  auto is_money = [&](const std::vector<Cell>& row, std::size_t column) {
    return column < row.size() &&
           std::holds_alternative<v1::Money>(row[column]);
  };

  switch (section.layout) {
    case Section::Layout::kColumns: {
      std::vector<std::string> headers;
      std::vector<std::size_t> widths;
      for (std::size_t column : shown) {
        headers.push_back(
            absl::AsciiStrToUpper(Label(section.columns[column].name)));
        widths.push_back(DisplayWidth(headers.back()));
      }
      std::vector<std::vector<std::string>> texts;
      for (const std::vector<Cell>& row : section.rows) {
        std::vector<std::string>& line = texts.emplace_back();
        for (std::size_t i = 0; i < shown.size(); ++i) {
          line.push_back(text_of(row, shown[i]));
          widths[i] = std::max(widths[i], DisplayWidth(line.back()));
        }
      }
      // Amounts line up on the right, like in a ledger; the first row tells
      // which columns hold amounts.
      auto print = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
          const std::size_t padding = widths[i] - DisplayWidth(cells[i]);
          const bool last = i + 1 == cells.size();
          if (i > 0) out_ << "  ";
          if (is_money(section.rows.front(), shown[i])) {
            Pad(out_, padding);
            out_ << cells[i];
          } else {
            out_ << cells[i];
            if (!last) Pad(out_, padding);
          }
        }
        out_ << '\n';
      };
      print(headers);
      for (const std::vector<std::string>& line : texts) print(line);
      break;
    }
    case Section::Layout::kFields: {
      for (std::size_t r = 0; r < section.rows.size(); ++r) {
        if (r > 0) out_ << '\n';
        // Unset fields are noise when reading one record: they are left out.
        std::vector<std::pair<std::string, std::string>> fields;
        std::size_t label_width = 0;
        for (std::size_t column : shown) {
          std::string value = text_of(section.rows[r], column);
          if (value.empty()) continue;
          std::string label = Label(section.columns[column].name);
          label_width = std::max(label_width, DisplayWidth(label));
          fields.emplace_back(std::move(label), std::move(value));
        }
        for (const auto& [label, value] : fields) {
          out_ << label << ':';
          Pad(out_, label_width - DisplayWidth(label) + 1);
          out_ << value << '\n';
        }
      }
      break;
    }
    case Section::Layout::kLines: {
      for (const std::vector<Cell>& row : section.rows) {
        bool first = true;
        for (std::size_t column : shown) {
          const std::string value = text_of(row, column);
          if (first) {
            out_ << Label(section.columns[column].name) << ' ' << value;
            first = false;
          } else if (!value.empty()) {
            out_ << ": " << value;
          }
        }
        out_ << '\n';
      }
      break;
    }
  }
}

}  // namespace relance::cli
