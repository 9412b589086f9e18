#include "storage/repository_support.h"

#include <soci/soci.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/sql_query.h"

namespace relance::storage {
namespace {

constexpr char kMarkInvoice[] =
    "UPDATE invoices SET next_action_us = 0 WHERE id = :id";

}  // namespace

absl::Status CheckPageRequest(const PageRequest& page) {
  if (page.limit < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("page limit must be at least 1, not ", page.limit));
  }
  return absl::OkStatus();
}

absl::Status MissingOrModified(soci::session& session, absl::string_view table,
                               absl::string_view noun, long long id,
                               long long expected_version) {
  long long stored_version = 0;
  SqlQuery query(
      session, absl::StrCat("SELECT version FROM ", table, " WHERE id = :id"));
  query.Use("id", id).Into(stored_version);
  if (!query.Execute()) return NotFound(noun, id);
  return ModifiedConcurrently(noun, id, expected_version, stored_version);
}

absl::Status ModifiedConcurrently(absl::string_view noun, long long id,
                                  long long expected_version,
                                  long long stored_version) {
  return absl::AbortedError(absl::StrCat(
      noun, " ", id, " was modified concurrently (etag mismatch): version ",
      expected_version, " expected, ", stored_version, " stored"));
}

void MarkInvoice(soci::session& session, long long invoice_id) {
  SqlQuery mark(session, kMarkInvoice);
  mark.Use("id", invoice_id);
  mark.Execute();
}

absl::Status NotFound(absl::string_view noun, long long id) {
  return absl::NotFoundError(absl::StrCat(noun, " ", id, " not found"));
}

}  // namespace relance::storage
