#include "server/api/import_stream.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/request_limits.h"
#include "server/api/unparsable_fields.h"
#include "server/domain/field_violations.h"

namespace relance::api {

absl::Status ImportStreamTally::Accept(
    const v1::ImportInvoicesRequest& message) {
  if (total_rows_.has_value()) {
    FieldViolations violations;
    violations.Add("total_rows",
                   "must be set in the stream's last message only");
    return violations.ToStatus();
  }
  if (message.rows_size() > kMaxImportRowsPerMessage) {
    return absl::ResourceExhaustedError(
        absl::StrCat("at most ", kMaxImportRowsPerMessage,
                     " rows per message, got ", message.rows_size()));
  }
  if (rows_read_ + message.rows_size() > max_rows_) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "at most ", max_rows_, " rows per import (--max-import-rows); the ",
        rows_read_,
        " rows of the earlier messages were processed, this message's were "
        "not: send the rest in another import"));
  }
  if (absl::Status limits = CheckRequestLimits(message); !limits.ok()) {
    return limits;
  }
  rows_read_ += message.rows_size();
  if (message.has_total_rows()) {
    total_rows_ = message.total_rows();
    if (*total_rows_ != rows_read_) {
      return absl::DataLossError(absl::StrCat(
          "the import stream says it carried ", *total_rows_,
          " rows (total_rows) but ", rows_read_,
          " arrived: a message was lost; this message's rows were not "
          "imported, the ",
          rows_read_ - message.rows_size(),
          " rows before it were processed, the last at line ", last_line_));
    }
  }
  if (message.rows_size() > 0) {
    last_line_ = message.rows(message.rows_size() - 1).line();
  }
  return absl::OkStatus();
}

absl::Status ImportStreamTally::End(std::int64_t rows_processed,
                                    absl::string_view unreadable_field) const {
  if (total_rows_.has_value() && *total_rows_ == rows_read_) {
    return absl::OkStatus();
  }
  const std::string read =
      rows_read_ == 0
          ? std::string("no row was read")
          : absl::StrCat(rows_read_, " rows were read, the last at line ",
                         last_line_);
  const std::string unreadable =
      unreadable_field.empty()
          ? std::string(
                "could not be read (is every text UTF-8? a Latin-1 or "
                "Windows-1252 file must be converted first)")
          : absl::StrCat("could not be read: its ",
                         FieldPathIn("relance.v1.ImportInvoicesRequest",
                                     std::string(unreadable_field)),
                         " is not UTF-8 (a Latin-1 or Windows-1252 file must "
                         "be converted first)");
  return absl::DataLossError(absl::StrCat(
      "the import stream ended without its last message (the one with "
      "total_rows): ",
      read, ", and the message after it ", unreadable, "; the ", rows_processed,
      " rows of the messages before were processed and stay committed: send "
      "the rows after line ",
      last_line_, " again"));
}

}  // namespace relance::api
