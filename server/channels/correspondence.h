#ifndef RELANCE_SERVER_CHANNELS_CORRESPONDENCE_H_
#define RELANCE_SERVER_CHANNELS_CORRESPONDENCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/channels/letter_pdf.h"
#include "server/channels/message_composer.h"
#include "storage/base/clock.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/interactions.h"

// What reminders said: the messages the log recorded for a reminder (or what
// it would say now, for one not sent yet), and the day's letters to print.
namespace relance {

class Correspondence {
 public:
  // `letters_zone` is where the days of PrintLetters are counted.
  Correspondence(storage::DunningRepository* reminders,
                 storage::InteractionRepository* log,
                 const MessageComposer* composer, LetterFonts fonts,
                 absl::TimeZone letters_zone, Clock* clock);

  struct Message {
    storage::InteractionRecord entry;
    // False for a preview.
    bool sent = false;
  };

  // The messages reminder `id` sent, oldest first; when it sent none, a
  // preview on each of its channels (a task's preview is its call script).
  // NOT_FOUND; the composer's errors for a preview.
  absl::StatusOr<std::vector<Message>> ForReminder(std::int64_t id);

  // The data reminder `id`'s templates are rendered with today, and the
  // client's language (ComposedMessage without parts). NOT_FOUND.
  absl::StatusOr<ComposedMessage> ContextFor(std::int64_t id);

  // One letter of the day's batch: one debtor's envelope.
  struct PrintedLetter {
    std::int64_t client_id = 0;
    // The letter entries of the log it stands for, oldest first.
    std::vector<std::int64_t> entry_ids;
    bool registered = false;
  };
  struct PrintedLetters {
    // Empty when there are none.
    std::string pdf;
    int count = 0;
    std::vector<PrintedLetter> letters;
  };
  // The letters and registered letters sent on `day`, in one PDF: one letter
  // per debtor, in the order of each debtor's first. The letters of a debtor
  // sent that day for several reminders (whatever their email grouping) are
  // composed again as one letter listing every invoice, in the words of the
  // gravest step (a formal notice before a registered letter before a letter),
  // registered when any of them was (a letter per currency when the
  // invoices are in several). INTERNAL for a stored letter that cannot
  // be read back; the composer's and the renderer's errors.
  absl::StatusOr<PrintedLetters> LettersOf(absl::CivilDay day);

 private:
  absl::StatusOr<std::vector<Message>> Preview(std::int64_t id);
  // One letter for the entries of one debtor's day (one per currency, when
  // its invoices are in several).
  absl::StatusOr<std::vector<Letter>> Combined(
      const std::vector<const storage::InteractionRecord*>& entries,
      absl::CivilDay day, bool registered);

  storage::DunningRepository* reminders_;
  storage::InteractionRepository* log_;
  const MessageComposer* composer_;
  LetterFonts fonts_;
  absl::TimeZone letters_zone_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_CORRESPONDENCE_H_
