#ifndef RELANCE_SERVER_DOMAIN_REGISTERED_LETTERS_H_
#define RELANCE_SERVER_DOMAIN_REGISTERED_LETTERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "storage/base/clock.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/registered_letters.h"

// What happens to a registered letter once printed: its posting number, then
// its acknowledgement of receipt, each recorded with a timeline entry. A
// formal notice's deadline may count from the first presentation.
namespace relance {

class RegisteredLetters {
 public:
  // `deadline_from_presentation`: a formal notice's deadline counts from the
  // day of first presentation, as many days after it as the notice gave
  // after its own date.
  RegisteredLetters(storage::RegisteredLetterRepository* letters,
                    storage::InteractionRepository* log,
                    storage::DunningRepository* reminders, Clock* clock,
                    bool deadline_from_presentation);

  // Records the posting of the registered letter sent as log entry
  // `entry_id`, on `posted_on` (today, in Paris, when unset), by `actor`.
  // INVALID_ARGUMENT for an empty number or a day after today; the
  // repository's errors.
  absl::StatusOr<storage::RegisteredLetterChange> Post(
      std::int64_t entry_id, absl::string_view posting_number,
      std::optional<absl::CivilDay> posted_on, absl::string_view actor);

  // Records its acknowledgement of receipt. INVALID_ARGUMENT for a day after
  // today; the repository's errors.
  absl::StatusOr<storage::RegisteredLetterChange> Acknowledge(
      std::int64_t entry_id, storage::Acknowledgement acknowledgement,
      std::optional<absl::CivilDay> presented_on, absl::string_view actor);

  absl::StatusOr<storage::RegisteredLetterRecord> Get(std::int64_t entry_id);

  bool deadline_from_presentation() const {
    return deadline_from_presentation_;
  }

 private:
  absl::CivilDay Today() const;
  // The notice deadline counted from `presented_on`, for a formal notice
  // among the letter's reminders.
  absl::StatusOr<std::optional<absl::CivilDay>> DeadlineFrom(
      const storage::RegisteredLetterRecord& letter,
      absl::CivilDay presented_on);

  storage::RegisteredLetterRepository* letters_;
  storage::InteractionRepository* log_;
  storage::DunningRepository* reminders_;
  Clock* clock_;
  bool deadline_from_presentation_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_REGISTERED_LETTERS_H_
