#ifndef RELANCE_STORAGE_INTERACTION_REPOSITORY_H_
#define RELANCE_STORAGE_INTERACTION_REPOSITORY_H_

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/interfaces/events.h"
#include "storage/interfaces/interactions.h"
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

// The entry with `id`, in the caller's transaction. NOT_FOUND.
absl::StatusOr<InteractionRecord> GetInteractionIn(soci::session& session,
                                                   std::int64_t id);

// The entry appended with `request_id`, if any (none for an empty one): a
// change that finds one was already made and returns what it made.
absl::StatusOr<std::optional<InteractionRecord>> FindInteractionByRequestIn(
    soci::session& session, const std::string& request_id);

// Writes `event` (its sequence assigned and returned) in the caller's
// transaction. AppendInteractionIn raises each entry's event with it; other
// state changes call this directly.
absl::StatusOr<std::int64_t> AppendEventIn(soci::session& session,
                                           const EventRecord& event);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERACTION_REPOSITORY_H_
