#include "server/domain/registered_letters.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/domain/business_calendar.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::Status NotAfterToday(absl::string_view field, absl::CivilDay day,
                           absl::CivilDay today) {
  if (day <= today) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field, " ", Day(day), " is in the future (today is ", Day(today), ")"));
}

}  // namespace

RegisteredLetters::RegisteredLetters(
    storage::RegisteredLetterRepository* letters,
    storage::InteractionRepository* log, storage::DunningRepository* reminders,
    Clock* clock, bool deadline_from_presentation)
    : letters_(letters),
      log_(log),
      reminders_(reminders),
      clock_(clock),
      deadline_from_presentation_(deadline_from_presentation) {}

absl::CivilDay RegisteredLetters::Today() const {
  return BusinessCalendar::LocalDay(clock_->Now(), *LoadClientTimeZone(""));
}

absl::StatusOr<storage::RegisteredLetterChange> RegisteredLetters::Post(
    std::int64_t entry_id, absl::string_view posting_number,
    std::optional<absl::CivilDay> posted_on, absl::string_view actor) {
  const absl::CivilDay today = Today();
  const absl::CivilDay day = posted_on.value_or(today);
  RELANCE_RETURN_IF_ERROR(NotAfterToday("posted_date", day, today));
  const std::string number(posting_number);
  storage::InteractionRecord entry;
  entry.kind = storage::InteractionKind::kLetterPosted;
  entry.actor = std::string(actor);
  entry.occurred_time = clock_->Now();
  entry.message_id = number;
  entry.day = day;
  entry.summary = absl::StrCat("Registered letter posted on ", Day(day),
                               ", number ", number);
  entry.content_json = absl::StrCat("{\"letter_entry_id\":", entry_id, "}");
  return letters_->RecordPosting(entry_id, number, day, entry, clock_->Now());
}

absl::StatusOr<std::optional<absl::CivilDay>> RegisteredLetters::DeadlineFrom(
    const storage::RegisteredLetterRecord& letter,
    absl::CivilDay presented_on) {
  RELANCE_ASSIGN_OR_RETURN(storage::InteractionRecord sent,
                           log_->Get(letter.entry_id));
  for (std::int64_t id : sent.reminder_ids) {
    RELANCE_ASSIGN_OR_RETURN(storage::ReminderRecord reminder,
                             reminders_->GetReminder(id));
    if (!reminder.formal_notice || !reminder.notice_deadline.has_value()) {
      continue;
    }
    // The notice gave this many days from its own date.
    const absl::CivilDay dated =
        reminder.action_date.value_or(BusinessCalendar::LocalDay(
            sent.occurred_time, *LoadClientTimeZone("")));
    return std::optional<absl::CivilDay>(presented_on +
                                         (*reminder.notice_deadline - dated));
  }
  return std::optional<absl::CivilDay>();
}

absl::StatusOr<storage::RegisteredLetterChange> RegisteredLetters::Acknowledge(
    std::int64_t entry_id, storage::Acknowledgement acknowledgement,
    std::optional<absl::CivilDay> presented_on, absl::string_view actor) {
  const absl::CivilDay today = Today();
  if (presented_on.has_value()) {
    RELANCE_RETURN_IF_ERROR(
        NotAfterToday("presented_date", *presented_on, today));
  }
  RELANCE_ASSIGN_OR_RETURN(storage::RegisteredLetterRecord letter,
                           letters_->Get(entry_id));
  std::optional<absl::CivilDay> deadline;
  if (deadline_from_presentation_ && presented_on.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(deadline, DeadlineFrom(letter, *presented_on));
  }
  storage::InteractionRecord entry;
  entry.kind = storage::InteractionKind::kLetterAcknowledged;
  entry.actor = std::string(actor);
  entry.occurred_time = clock_->Now();
  entry.message_id = letter.posting_number;
  entry.day = presented_on;
  const std::string presented =
      presented_on.has_value()
          ? absl::StrCat("first presented on ", Day(*presented_on))
          : "";
  if (acknowledgement == storage::Acknowledgement::kReceived) {
    entry.summary =
        absl::StrCat("Registered letter ", letter.posting_number,
                     " received: acknowledgement of receipt, ", presented);
  } else {
    entry.summary = absl::StrCat("Registered letter ", letter.posting_number,
                                 " returned undelivered");
    if (!presented.empty())
      absl::StrAppend(&entry.summary, " (", presented, ")");
  }
  if (deadline.has_value()) {
    absl::StrAppend(&entry.summary, "; formal notice deadline ",
                    Day(*deadline));
  }
  entry.content_json = absl::StrCat("{\"letter_entry_id\":", entry_id, "}");
  return letters_->RecordAcknowledgement(
      entry_id, acknowledgement, presented_on, deadline, entry, clock_->Now());
}

absl::StatusOr<storage::RegisteredLetterRecord> RegisteredLetters::Get(
    std::int64_t entry_id) {
  return letters_->Get(entry_id);
}

}  // namespace relance
