#include "storage/registered_letter_repository.h"

#include <soci/soci.h>

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/base/status_macros.h"
#include "storage/interaction_repository.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

constexpr absl::string_view kLetterNoun = "registered letter";

constexpr char kColumns[] =
    "interaction_id, client_id, posting_number, posted_on, acknowledgement, "
    "presented_on, notice_deadline, actor, update_time_us";

constexpr char kInsert[] =
    "INSERT INTO registered_letters (interaction_id, client_id, "
    "posting_number, posted_on, acknowledgement, actor, update_time_us) "
    "VALUES (:interaction_id, :client_id, :posting_number, :posted_on, "
    "'pending', :actor, :update_time_us)";

// Only a pending letter is acknowledged: two clerks recording the same card
// at once make one change.
constexpr char kAcknowledge[] =
    "UPDATE registered_letters SET acknowledgement = :acknowledgement, "
    "presented_on = :presented_on, notice_deadline = :notice_deadline, "
    "actor = :actor, update_time_us = :update_time_us "
    "WHERE interaction_id = :interaction_id AND acknowledgement = 'pending' "
    "RETURNING interaction_id";

// The open invoices of a letter's reminders are looked at by the next run: a
// hand-over may wait for the first presentation of a formal notice.
constexpr char kMarkInvoicesOfLetter[] =
    "UPDATE invoices SET next_action_us = 0 WHERE status = 'open' AND id IN "
    "(SELECT invoice_id FROM interaction_reminders "
    "WHERE interaction_id = :interaction_id)";

absl::string_view AcknowledgementToColumn(Acknowledgement acknowledgement) {
  switch (acknowledgement) {
    case Acknowledgement::kPending:
      return "pending";
    case Acknowledgement::kReceived:
      return "received";
    case Acknowledgement::kReturned:
      return "returned";
  }
  return "pending";
}

absl::StatusOr<Acknowledgement> AcknowledgementFromColumn(
    absl::string_view text) {
  if (text == "pending") return Acknowledgement::kPending;
  if (text == "received") return Acknowledgement::kReceived;
  if (text == "returned") return Acknowledgement::kReturned;
  return absl::InternalError(
      absl::StrCat("unknown acknowledgement '", text, "' in the database"));
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDay(
    const std::string& text) {
  if (text.empty()) return std::nullopt;
  RELANCE_ASSIGN_OR_RETURN(absl::CivilDay day, DayFromColumn(text));
  return day;
}

// The buffers one registered_letters row is read into (kColumns).
struct LetterRow {
  using Record = RegisteredLetterRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(interaction_id));
    statement.exchange(soci::into(client_id));
    statement.exchange(soci::into(posting_number));
    statement.exchange(soci::into(posted_on));
    statement.exchange(soci::into(acknowledgement));
    statement.exchange(soci::into(presented_on));
    statement.exchange(soci::into(notice_deadline));
    statement.exchange(soci::into(actor));
    statement.exchange(soci::into(update_time_us));
  }

  absl::StatusOr<RegisteredLetterRecord> ToRecord() const {
    RegisteredLetterRecord record;
    record.entry_id = interaction_id;
    record.client_id = client_id;
    record.posting_number = posting_number;
    RELANCE_ASSIGN_OR_RETURN(record.posted_on, DayFromColumn(posted_on));
    RELANCE_ASSIGN_OR_RETURN(record.acknowledgement,
                             AcknowledgementFromColumn(acknowledgement));
    RELANCE_ASSIGN_OR_RETURN(record.presented_on, OptionalDay(presented_on));
    RELANCE_ASSIGN_OR_RETURN(record.notice_deadline,
                             OptionalDay(notice_deadline));
    record.actor = actor;
    record.update_time = TimeFromColumn(update_time_us);
    return record;
  }

  long long interaction_id = 0;
  long long client_id = 0;
  std::string posting_number;
  std::string posted_on;
  std::string acknowledgement;
  std::string presented_on;
  std::string notice_deadline;
  std::string actor;
  long long update_time_us = 0;
};

absl::StatusOr<std::optional<RegisteredLetterRecord>> FindIn(
    soci::session& session, long long entry_id) {
  SqlQuery query(session,
                 absl::StrCat("SELECT ", kColumns,
                              " FROM registered_letters "
                              "WHERE interaction_id = :interaction_id"));
  query.Use("interaction_id", entry_id);
  return FetchOne<LetterRow>(query);
}

// `timeline` completed from the letter's entry: its client, invoice and
// reminders, so that it shows in the invoice's timeline too.
InteractionRecord TimelineOf(const InteractionRecord& letter,
                             InteractionRecord timeline) {
  timeline.client_id = letter.client_id;
  timeline.invoice_id = letter.invoice_id;
  timeline.reminder_ids = letter.reminder_ids;
  timeline.reminder_invoice_ids = letter.reminder_invoice_ids;
  return timeline;
}

}  // namespace

absl::StatusOr<RegisteredLetterChange>
SqlRegisteredLetterRepository::RecordPosting(std::int64_t entry_id,
                                             const std::string& posting_number,
                                             absl::CivilDay posted_on,
                                             const InteractionRecord& timeline,
                                             absl::Time now) {
  if (posting_number.empty()) {
    return absl::InvalidArgumentError("a posting needs its number");
  }
  RELANCE_RETURN_IF_ERROR(CheckStorableDay(posted_on, "posted_on"));
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<RegisteredLetterChange> {
        RELANCE_ASSIGN_OR_RETURN(InteractionRecord letter,
                                 GetInteractionIn(session, entry_id));
        if (letter.kind != InteractionKind::kMessageSent ||
            letter.channel != Channel::kRegisteredLetter) {
          return absl::FailedPreconditionError(absl::StrCat(
              "entry ", entry_id, " is not a registered letter sent"));
        }
        RELANCE_ASSIGN_OR_RETURN(std::optional<RegisteredLetterRecord> found,
                                 FindIn(session, entry_id));
        if (found.has_value()) {
          if (found->posting_number != posting_number) {
            return absl::FailedPreconditionError(absl::StrCat(
                "the registered letter of entry ", entry_id,
                " was posted under number ", found->posting_number));
          }
          return RegisteredLetterChange{*std::move(found), {}};
        }
        const long long id = entry_id;
        const long long client_id = letter.client_id;
        const std::string posted = DayToColumn(posted_on);
        const long long update_time_us = TimeToColumn(now);
        SqlQuery insert(session, kInsert);
        insert.Use("interaction_id", id)
            .Use("client_id", client_id)
            .Use("posting_number", posting_number)
            .Use("posted_on", posted)
            .Use("actor", timeline.actor)
            .Use("update_time_us", update_time_us);
        insert.Execute();
        RELANCE_ASSIGN_OR_RETURN(
            std::int64_t appended,
            AppendInteractionIn(session, TimelineOf(letter, timeline), now));
        RegisteredLetterChange change;
        RELANCE_ASSIGN_OR_RETURN(found, FindIn(session, entry_id));
        if (!found.has_value()) return NotFound(kLetterNoun, entry_id);
        change.letter = *std::move(found);
        RELANCE_ASSIGN_OR_RETURN(change.entry,
                                 GetInteractionIn(session, appended));
        return change;
      });
}

absl::StatusOr<RegisteredLetterChange>
SqlRegisteredLetterRepository::RecordAcknowledgement(
    std::int64_t entry_id, Acknowledgement acknowledgement,
    std::optional<absl::CivilDay> presented_on,
    std::optional<absl::CivilDay> notice_deadline,
    const InteractionRecord& timeline, absl::Time now) {
  if (acknowledgement == Acknowledgement::kPending) {
    return absl::InvalidArgumentError(
        "an acknowledgement is received or returned");
  }
  if (acknowledgement == Acknowledgement::kReceived &&
      !presented_on.has_value()) {
    return absl::InvalidArgumentError(
        "a received acknowledgement needs the day of first presentation");
  }
  if (presented_on.has_value()) {
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(*presented_on, "presented_on"));
  }
  if (notice_deadline.has_value()) {
    RELANCE_RETURN_IF_ERROR(
        CheckStorableDay(*notice_deadline, "notice_deadline"));
  }
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<RegisteredLetterChange> {
    RELANCE_ASSIGN_OR_RETURN(std::optional<RegisteredLetterRecord> found,
                             FindIn(session, entry_id));
    if (!found.has_value()) {
      return absl::NotFoundError(
          absl::StrCat("the posting of the registered letter of entry ",
                       entry_id, " was not recorded"));
    }
    if (found->acknowledgement != Acknowledgement::kPending) {
      return absl::FailedPreconditionError(
          absl::StrCat("the registered letter of entry ", entry_id,
                       " was already acknowledged"));
    }
    if (presented_on.has_value() && *presented_on < found->posted_on) {
      return absl::InvalidArgumentError(absl::StrCat(
          "first presented on ", absl::FormatCivilTime(*presented_on),
          ", before its posting on ", absl::FormatCivilTime(found->posted_on)));
    }
    RELANCE_ASSIGN_OR_RETURN(InteractionRecord letter,
                             GetInteractionIn(session, entry_id));
    const long long id = entry_id;
    const std::string status(AcknowledgementToColumn(acknowledgement));
    const std::string presented =
        presented_on.has_value() ? DayToColumn(*presented_on) : "";
    const std::string deadline =
        notice_deadline.has_value() ? DayToColumn(*notice_deadline) : "";
    const long long update_time_us = TimeToColumn(now);
    long long updated = 0;
    SqlQuery update(session, kAcknowledge);
    update.Use("acknowledgement", status)
        .Use("presented_on", presented)
        .Use("notice_deadline", deadline)
        .Use("actor", timeline.actor)
        .Use("update_time_us", update_time_us)
        .Use("interaction_id", id)
        .Into(updated);
    if (!update.Execute()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the registered letter of entry ", entry_id,
                       " was already acknowledged"));
    }
    {
      SqlQuery mark(session, kMarkInvoicesOfLetter);
      mark.Use("interaction_id", id);
      mark.Execute();
    }
    RELANCE_ASSIGN_OR_RETURN(
        std::int64_t appended,
        AppendInteractionIn(session, TimelineOf(letter, timeline), now));
    RegisteredLetterChange change;
    RELANCE_ASSIGN_OR_RETURN(found, FindIn(session, entry_id));
    if (!found.has_value()) return NotFound(kLetterNoun, entry_id);
    change.letter = *std::move(found);
    RELANCE_ASSIGN_OR_RETURN(change.entry, GetInteractionIn(session, appended));
    return change;
  });
}

absl::StatusOr<RegisteredLetterRecord> SqlRegisteredLetterRepository::Get(
    std::int64_t entry_id) {
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<RegisteredLetterRecord> {
        RELANCE_ASSIGN_OR_RETURN(std::optional<RegisteredLetterRecord> found,
                                 FindIn(session, entry_id));
        if (!found.has_value()) {
          return absl::NotFoundError(
              absl::StrCat("the posting of the registered letter of entry ",
                           entry_id, " was not recorded"));
        }
        return *std::move(found);
      });
}

}  // namespace relance::storage
