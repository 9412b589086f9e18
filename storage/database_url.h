#ifndef RELANCE_STORAGE_DATABASE_URL_H_
#define RELANCE_STORAGE_DATABASE_URL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/database_options.h"

namespace relance::storage {

// Where a database is, in the terms SOCI's backend for its dialect takes.
struct DatabaseUrl {
  Dialect dialect = Dialect::kSqlite;
  // For SOCI's backend of that dialect.
  std::string soci_connect_string;
};

// Parses "sqlite:PATH" and "postgresql://..." / "postgres://..." (a libpq
// connection URI). INVALID_ARGUMENT if `url` is neither, or is malformed.
absl::StatusOr<DatabaseUrl> ParseDatabaseUrl(absl::string_view url);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_DATABASE_URL_H_
