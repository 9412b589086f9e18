#include "storage/migration_runner.h"

#include <soci/soci.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "storage/native_connection.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

// pg_advisory_xact_lock key serialising migrations across servers: "relance" in
// ASCII.
constexpr char kLockMigrations[] =
    "SELECT pg_advisory_xact_lock(32199698128315237)";
// A migration may take long; waiting for one that runs elsewhere must not hit
// lock_timeout.
constexpr char kWaitForLocksWithoutTimeout[] = "SET LOCAL lock_timeout = 0";

// applied_at: microseconds since the Unix epoch, UTC, like every instant in the
// schema.
constexpr char kCreateSchemaMigrations[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
    "applied_at BIGINT NOT NULL)";
constexpr char kSelectAppliedVersions[] =
    "SELECT version FROM schema_migrations ORDER BY version";
constexpr char kRecordMigration[] =
    "INSERT INTO schema_migrations (version, applied_at) VALUES (:version, "
    ":applied_at)";

}  // namespace

absl::Status ApplyMigrations(TransactionRunner& runner,
                             absl::Span<const Migration> migrations,
                             absl::Time now) {
  const Dialect dialect = runner.dialect();
  return runner.Write([&](soci::session& session) -> absl::Status {
    if (dialect == Dialect::kPostgresql) {
      session << kWaitForLocksWithoutTimeout;
      session << kLockMigrations;
    }
    session << kCreateSchemaMigrations;

    std::vector<long long> applied;
    {
      long long version = 0;
      SqlQuery query(session, kSelectAppliedVersions);
      query.Into(version);
      for (bool found = query.Execute(); found; found = query.Next())
        applied.push_back(version);
    }
    const int newest_known = migrations.empty() ? 0 : migrations.back().version;
    for (long long version : applied) {
      bool known =
          std::any_of(migrations.begin(), migrations.end(),
                      [&](const Migration& m) { return m.version == version; });
      if (!known) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the database schema has migration ", version,
            ", which this build does not know (it knows migrations up to ",
            newest_known, "): it was migrated by a newer version of relance"));
      }
    }

    const long long applied_at = TimeToColumn(now);
    for (const Migration& migration : migrations) {
      if (std::find(applied.begin(), applied.end(), migration.version) !=
          applied.end()) {
        continue;
      }
      if (absl::Status status = ExecuteScript(session, dialect, migration.sql);
          !status.ok()) {
        return absl::InternalError(absl::StrCat(
            "migration ", migration.file_name, " failed: ", status.message()));
      }
      const long long version = migration.version;
      session << kRecordMigration, soci::use(version, "version"),
          soci::use(applied_at, "applied_at");
    }
    return absl::OkStatus();
  });
}

}  // namespace relance::storage
