#ifndef RELANCE_STORAGE_REPOSITORY_SUPPORT_H_
#define RELANCE_STORAGE_REPOSITORY_SUPPORT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/records.h"
#include "storage/sql_query.h"

// What the SQL repositories share: reading rows into records, keyset pages, and
// the answer to a compare-and-swap update that matched no row.
namespace relance::storage {

// Runs `query`, whose inputs are bound, reading its first row as a record;
// nullopt if it returned none.
template <typename Row>
absl::StatusOr<std::optional<typename Row::Record>> FetchOne(SqlQuery& query) {
  Row row;
  query.IntoRow(row);
  if (!query.Execute()) return std::nullopt;
  absl::StatusOr<typename Row::Record> record = row.ToRecord();
  if (!record.ok()) return record.status();
  return *std::move(record);
}

// Runs `query`, whose inputs are bound, reading every row as a record.
template <typename Row>
absl::StatusOr<std::vector<typename Row::Record>> FetchAll(SqlQuery& query) {
  Row row;
  query.IntoRow(row);
  std::vector<typename Row::Record> records;
  for (bool found = query.Execute(); found; found = query.Next()) {
    absl::StatusOr<typename Row::Record> record = row.ToRecord();
    if (!record.ok()) return record.status();
    records.push_back(*std::move(record));
  }
  return records;
}

// INVALID_ARGUMENT for a limit below 1.
absl::Status CheckPageRequest(const PageRequest& page);

// The end of a paged list's query, in id order.
inline constexpr char kPageOrder[] = " ORDER BY id LIMIT :limit";

// The LIMIT of a page's query: one row more than the page holds tells whether
// another follows.
inline long long PageQueryLimit(const PageRequest& page) {
  return static_cast<long long>(page.limit) + 1;
}

// Cuts the rows of a page's query (in id order, at most PageQueryLimit) into
// the page.
template <typename Record>
Page<Record> ToPage(std::vector<Record> rows, const PageRequest& page) {
  Page<Record> result;
  if (rows.size() > static_cast<size_t>(page.limit)) {
    rows.resize(page.limit);
    result.next_after_id = rows.back().id;
  }
  result.items = std::move(rows);
  return result;
}

// Why an `UPDATE <table> ... WHERE id = :id AND version = :version` matched no
// row: NOT_FOUND "<noun> <id> not found" if there is no such row, otherwise
// ABORTED naming both versions.
absl::Status MissingOrModified(soci::session& session, absl::string_view table,
                               absl::string_view noun, long long id,
                               long long expected_version);

// NOT_FOUND "<noun> <id> not found".
absl::Status NotFound(absl::string_view noun, long long id);

// Marks the invoice for the engine's next run: after a change to its holds,
// its workflow or its reminders, the engine looks at it again.
void MarkInvoice(soci::session& session, long long invoice_id);

// ABORTED "<noun> <id> was modified concurrently (etag mismatch): ...".
absl::Status ModifiedConcurrently(absl::string_view noun, long long id,
                                  long long expected_version,
                                  long long stored_version);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_REPOSITORY_SUPPORT_H_
