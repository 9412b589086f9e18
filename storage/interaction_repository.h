#ifndef RELANCE_STORAGE_INTERACTION_REPOSITORY_H_
#define RELANCE_STORAGE_INTERACTION_REPOSITORY_H_

#include <soci/soci.h>

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/interactions.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// InteractionRepository over SQL, the same statements on SQLite and PostgreSQL.
class SqlInteractionRepository final : public InteractionRepository {
 public:
  explicit SqlInteractionRepository(TransactionRunner* runner)
      : runner_(runner) {}

  absl::StatusOr<InteractionRecord> Append(const InteractionRecord& entry,
                                           absl::Time now) override;
  absl::StatusOr<InteractionRecord> Get(std::int64_t id) override;
  absl::StatusOr<Page<InteractionRecord>> List(
      const InteractionFilter& filter, const PageRequest& page) override;

 private:
  TransactionRunner* runner_;
};

// Appends `entry` in the caller's transaction, as Append does, and returns its
// id. For the repositories whose changes the log records in the same
// transaction.
absl::StatusOr<std::int64_t> AppendInteractionIn(soci::session& session,
                                                 const InteractionRecord& entry,
                                                 absl::Time now);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERACTION_REPOSITORY_H_
