#ifndef RELANCE_SERVER_API_IMPORT_STREAM_H_
#define RELANCE_SERVER_API_IMPORT_STREAM_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "relance/v1/invoice.pb.h"

namespace relance::api {

// What an ImportInvoices handler knows of its stream. gRPC's Read returns
// false both at the stream's end and for a message it cannot parse (a string
// that is not UTF-8): only the count the client puts in its last message
// (total_rows) tells a finished stream from a broken one.
class ImportStreamTally {
 public:
  // `max_rows`: the most rows one stream may carry (--max-import-rows).
  explicit ImportStreamTally(std::int64_t max_rows) : max_rows_(max_rows) {}

  // For each message read, before its rows are imported. OK: import them.
  // RESOURCE_EXHAUSTED over a limit of rows; INVALID_ARGUMENT for a field over
  // its limit (CheckRequestLimits) or a message after the one with
  // total_rows; DATA_LOSS when total_rows differs from the rows read. The
  // message is then not to be imported; the earlier ones stay committed.
  absl::Status Accept(const v1::ImportInvoicesRequest& message);

  // When Read has returned false: OK when the last message carried a count
  // that matched. Otherwise DATA_LOSS naming the last line read and the
  // `rows_processed` committed; `unreadable_field` (see
  // TakeUnparsableUtf8Field), if any, names the field that broke the next
  // message.
  absl::Status End(std::int64_t rows_processed,
                   absl::string_view unreadable_field) const;

  std::int64_t rows_read() const { return rows_read_; }

 private:
  const std::int64_t max_rows_;
  std::int64_t rows_read_ = 0;
  std::int64_t last_line_ = 0;
  std::optional<std::int64_t> total_rows_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_IMPORT_STREAM_H_
