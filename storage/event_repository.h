#ifndef RELANCE_STORAGE_EVENT_REPOSITORY_H_
#define RELANCE_STORAGE_EVENT_REPOSITORY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/interfaces/events.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// EventRepository over SQL, the same statements on SQLite and PostgreSQL.
// Events are written by AppendEventIn (interaction_repository.h) in the
// transactions of the changes they tell.
class SqlEventRepository final : public EventRepository {
 public:
  explicit SqlEventRepository(TransactionRunner* runner) : runner_(runner) {}

  absl::StatusOr<std::vector<EventRecord>> List(const EventFilter& filter,
                                                int limit) override;
  absl::StatusOr<std::int64_t> LastSequence() override;

 private:
  TransactionRunner* runner_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_EVENT_REPOSITORY_H_
