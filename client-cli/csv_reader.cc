#include "client-cli/csv_reader.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace relance::cli {
namespace {

constexpr int kEof = std::char_traits<char>::eof();

}  // namespace

bool CsvReader::ConsumeLineEnd() {
  const int c = in_.sgetc();
  if (c == '\n') {
    in_.sbumpc();
  } else if (c == '\r') {
    in_.sbumpc();
    if (in_.sgetc() == '\n') in_.sbumpc();
  } else {
    return false;
  }
  ++line_;
  return true;
}

void CsvReader::ReadQuoted(std::string& field, CsvRecord& record) {
  const std::int64_t opened_on = line_;
  in_.sbumpc();  // The opening quote.
  for (;;) {
    const int c = in_.sbumpc();
    if (c == kEof) {
      record.error = absl::StrCat("the quote opened on line ", opened_on,
                                  " is never closed");
      return;
    }
    if (c == '"') {
      if (in_.sgetc() != '"') return;
      in_.sbumpc();
      field += '"';
      continue;
    }
    if (c == '\n' || (c == '\r' && in_.sgetc() != '\n')) ++line_;
    field += static_cast<char>(c);
  }
}

bool CsvReader::Next(CsvRecord& record) {
  if (at_start_) {
    at_start_ = false;
    // Spreadsheets often save "CSV UTF-8" with a byte order mark.
    if (in_.sgetc() == 0xEF) {
      in_.sbumpc();
      if (in_.sgetc() == 0xBB) in_.sbumpc();
      if (in_.sgetc() == 0xBF) in_.sbumpc();
    }
  }
  while (ConsumeLineEnd()) {
  }
  if (in_.sgetc() == kEof) return false;

  record.line = line_;
  record.fields.clear();
  record.error.clear();
  for (;;) {
    std::string& field = record.fields.emplace_back();
    if (in_.sgetc() == '"') {
      ReadQuoted(field, record);
      // RFC 4180 allows nothing between a closing quote and the delimiter; keep
      // what follows rather than lose it, but flag the record.
      const int next = in_.sgetc();
      if (next != ',' && next != '\r' && next != '\n' && next != kEof &&
          record.error.empty()) {
        record.error = "unexpected text after a closing quote";
      }
    }
    for (int c = in_.sgetc(); c != ',' && c != '\r' && c != '\n' && c != kEof;
         c = in_.sgetc()) {
      field += static_cast<char>(in_.sbumpc());
    }
    if (in_.sgetc() == ',') {
      in_.sbumpc();
      continue;
    }
    ConsumeLineEnd();
    return true;
  }
}

}  // namespace relance::cli
