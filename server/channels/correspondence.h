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
#include "server/clock.h"
#include "storage/dunning_repositories.h"
#include "storage/interactions.h"

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

  struct PrintedLetters {
    // Empty when there are none.
    std::string pdf;
    int count = 0;
  };
  // The letters and registered letters sent on `day`, in one PDF. INTERNAL
  // for a stored letter that cannot be read back; the renderer's errors.
  absl::StatusOr<PrintedLetters> LettersOf(absl::CivilDay day);

 private:
  absl::StatusOr<std::vector<Message>> Preview(std::int64_t id);

  storage::DunningRepository* reminders_;
  storage::InteractionRepository* log_;
  const MessageComposer* composer_;
  LetterFonts fonts_;
  absl::TimeZone letters_zone_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_CORRESPONDENCE_H_
