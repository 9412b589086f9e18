#ifndef RELANCE_STORAGE_REGISTERED_LETTER_REPOSITORY_H_
#define RELANCE_STORAGE_REGISTERED_LETTER_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/registered_letters.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// RegisteredLetterRepository over SQL, the same statements on SQLite and
// PostgreSQL: one registered_letters row per letter.
class SqlRegisteredLetterRepository final : public RegisteredLetterRepository {
 public:
  explicit SqlRegisteredLetterRepository(TransactionRunner* runner)
      : runner_(runner) {}

  absl::StatusOr<RegisteredLetterChange> RecordPosting(
      std::int64_t entry_id, const std::string& posting_number,
      absl::CivilDay posted_on, const InteractionRecord& timeline,
      absl::Time now) override;
  absl::StatusOr<RegisteredLetterChange> RecordAcknowledgement(
      std::int64_t entry_id, Acknowledgement acknowledgement,
      std::optional<absl::CivilDay> presented_on,
      std::optional<absl::CivilDay> notice_deadline,
      const InteractionRecord& timeline, absl::Time now) override;
  absl::StatusOr<RegisteredLetterRecord> Get(std::int64_t entry_id) override;

 private:
  TransactionRunner* runner_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_REGISTERED_LETTER_REPOSITORY_H_
