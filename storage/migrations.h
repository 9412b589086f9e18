#ifndef RELANCE_STORAGE_MIGRATIONS_H_
#define RELANCE_STORAGE_MIGRATIONS_H_

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "storage/database_options.h"

namespace relance::storage {

// One numbered schema change, from
// storage/migrations/<dialect>/NNNN_description.sql.
struct Migration {
  int version;
  absl::string_view file_name;
  absl::string_view sql;
};

// The migrations compiled into this build for `dialect`, in version order. Both
// dialects have the same versions.
absl::Span<const Migration> EmbeddedMigrations(Dialect dialect);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_MIGRATIONS_H_
