#ifndef RELANCE_STORAGE_MIGRATION_RUNNER_H_
#define RELANCE_STORAGE_MIGRATION_RUNNER_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "storage/migrations.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// Applies the `migrations` the database has not recorded in schema_migrations,
// in version order, and records them with `now`, all in one transaction that
// holds a database-wide lock (PostgreSQL: an advisory lock; SQLite: the write
// lock), so that servers starting together apply each migration once and none
// of them sees a half-migrated schema. FAILED_PRECONDITION if the database
// records a version not in `migrations` (it was migrated by a newer build);
// INTERNAL if a migration fails, leaving the database as it was.
absl::Status ApplyMigrations(TransactionRunner& runner,
                             absl::Span<const Migration> migrations,
                             absl::Time now);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_MIGRATION_RUNNER_H_
