#ifndef RELANCE_STORAGE_INTERFACES_REGISTERED_LETTERS_H_
#define RELANCE_STORAGE_INTERFACES_REGISTERED_LETTERS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/interactions.h"

// Registered letters after printing: the number of the posting slip, and the
// acknowledgement of receipt that comes back (signed for on the day of first
// presentation, or returned undelivered). One record per registered letter
// sent (its interaction log entry); every change appends a timeline entry in
// the same transaction.
namespace relance::storage {

enum class Acknowledgement {
  // Posted; the card has not come back.
  kPending,
  // Signed for by the addressee.
  kReceived,
  // Returned undelivered (not claimed, addressee unknown, refused).
  kReturned,
};

struct RegisteredLetterRecord {
  // The log entry of the registered letter sent.
  std::int64_t entry_id = 0;
  std::int64_t client_id = 0;
  std::string posting_number;
  absl::CivilDay posted_on;
  Acknowledgement acknowledgement = Acknowledgement::kPending;
  // The day of first presentation, when known.
  std::optional<absl::CivilDay> presented_on;
  // A formal notice's deadline counted from the first presentation, if set.
  std::optional<absl::CivilDay> notice_deadline;
  // Who recorded the last change.
  std::string actor;
  absl::Time update_time;
};

// A change and the timeline entry it appended (none, id 0, when the change
// had already been made).
struct RegisteredLetterChange {
  RegisteredLetterRecord letter;
  InteractionRecord entry;
};

// Every method is one transaction and may return UNAVAILABLE and INTERNAL like
// any repository (see repositories.h).
class RegisteredLetterRepository {
 public:
  virtual ~RegisteredLetterRepository() = default;

  // Records that the registered letter sent as log entry `entry_id` was posted
  // under `posting_number` on `posted_on`, by `timeline.actor`, and appends
  // `timeline` (kind kLetterPosted; its client, invoice and reminders are the
  // letter's). The same number again returns the letter as recorded and
  // appends nothing. NOT_FOUND for an unknown entry; FAILED_PRECONDITION for
  // an entry that is not a registered letter sent, or one posted under
  // another number; INVALID_ARGUMENT for an empty number.
  virtual absl::StatusOr<RegisteredLetterChange> RecordPosting(
      std::int64_t entry_id, const std::string& posting_number,
      absl::CivilDay posted_on, const InteractionRecord& timeline,
      absl::Time now) = 0;

  // Records the acknowledgement of receipt (kReceived or kReturned) of posted
  // letter `entry_id`, with the day of first presentation and the notice
  // deadline counted from it, if any, and appends `timeline` (kind
  // kLetterAcknowledged, completed as above). NOT_FOUND when its posting was
  // not recorded; FAILED_PRECONDITION once acknowledged; INVALID_ARGUMENT for
  // kPending, for kReceived without a presentation day, or a presentation
  // before the posting.
  virtual absl::StatusOr<RegisteredLetterChange> RecordAcknowledgement(
      std::int64_t entry_id, Acknowledgement acknowledgement,
      std::optional<absl::CivilDay> presented_on,
      std::optional<absl::CivilDay> notice_deadline,
      const InteractionRecord& timeline, absl::Time now) = 0;

  // NOT_FOUND when the posting of `entry_id` was not recorded.
  virtual absl::StatusOr<RegisteredLetterRecord> Get(std::int64_t entry_id) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_REGISTERED_LETTERS_H_
