#include "server/domain/reminders.h"

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/domain/business_calendar.h"
#include "server/domain/dunning_engine.h"
#include "server/domain/errors.h"
#include "server/domain/field_violations.h"
#include "server/domain/validation.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

using storage::ReminderContext;
using storage::ReminderRecord;
using storage::ReminderState;

absl::string_view StateName(ReminderState state) {
  switch (state) {
    case ReminderState::kScheduled:
      return "scheduled";
    case ReminderState::kDue:
      return "due";
    case ReminderState::kSending:
      return "being sent";
    case ReminderState::kSent:
      return "sent";
    case ReminderState::kDone:
      return "done";
    case ReminderState::kSkipped:
      return "skipped";
    case ReminderState::kFailed:
      return "failed";
    case ReminderState::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

absl::Status WrongState(const ReminderRecord& reminder,
                        absl::string_view wanted, absl::string_view action) {
  return errors::WrongState("reminder", reminder.id, StateName(reminder.state),
                            wanted, action);
}

absl::Status CannotGoOut(const ReminderRecord& reminder,
                         absl::string_view why) {
  return absl::FailedPreconditionError(
      absl::StrCat("reminder ", reminder.id, " cannot go out: ", why));
}

absl::CivilDay LocalToday(absl::Time now, const storage::ClientRecord& client) {
  absl::StatusOr<absl::TimeZone> zone = LoadClientTimeZone(client.time_zone);
  return BusinessCalendar::LocalDay(now,
                                    zone.ok() ? *zone : absl::UTCTimeZone());
}

absl::Status CheckReason(absl::string_view reason, bool required) {
  FieldViolations violations;
  CheckText(violations, "reason", absl::StripAsciiWhitespace(reason), 500,
            required);
  return violations.ToStatus();
}

}  // namespace

absl::StatusOr<ReminderRecord> Reminders::Get(std::int64_t id) {
  return repository_->GetReminder(id);
}

absl::StatusOr<storage::Page<ReminderRecord>> Reminders::List(
    const storage::ReminderFilter& filter, const storage::PageRequest& page) {
  return repository_->ListReminders(filter, page);
}

absl::StatusOr<ReminderRecord> Reminders::Complete(std::int64_t id,
                                                   absl::string_view outcome,
                                                   absl::string_view actor) {
  RELANCE_RETURN_IF_ERROR(CheckReason(outcome, /*required=*/false));
  const absl::Time now = clock_->Now();
  return repository_->ChangeReminder(
      id,
      [&](const ReminderContext& context)
          -> absl::StatusOr<std::optional<ReminderRecord>> {
        ReminderRecord reminder = context.reminder;
        if (reminder.state != ReminderState::kDue ||
            reminder.actor == storage::Actor::kAutomatic) {
          return WrongState(reminder, "due task", "marked done");
        }
        reminder.state = ReminderState::kDone;
        reminder.reason = std::string(absl::StripAsciiWhitespace(outcome));
        reminder.action_date = LocalToday(now, context.client);
        reminder.carried_out_time = now;
        return reminder;
      },
      now, actor);
}

absl::StatusOr<ReminderRecord> Reminders::Skip(std::int64_t id,
                                               absl::string_view reason,
                                               absl::string_view actor) {
  RELANCE_RETURN_IF_ERROR(CheckReason(reason, /*required=*/true));
  return repository_->ChangeReminder(
      id,
      [&](const ReminderContext& context)
          -> absl::StatusOr<std::optional<ReminderRecord>> {
        ReminderRecord reminder = context.reminder;
        if (reminder.state != ReminderState::kScheduled &&
            reminder.state != ReminderState::kDue) {
          return WrongState(reminder, "scheduled or due reminder", "skipped");
        }
        reminder.state = ReminderState::kSkipped;
        reminder.reason = std::string(absl::StripAsciiWhitespace(reason));
        return reminder;
      },
      clock_->Now(), actor);
}

absl::StatusOr<ReminderRecord> Reminders::SendNow(std::int64_t id,
                                                  absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(PolicyBook book, policies_->LoadBook());
  const absl::Time now = clock_->Now();
  RELANCE_ASSIGN_OR_RETURN(
      ReminderRecord due,
      repository_->ChangeReminder(
          id,
          [&](const ReminderContext& context)
              -> absl::StatusOr<std::optional<ReminderRecord>> {
            ReminderRecord reminder = context.reminder;
            if (reminder.state != ReminderState::kScheduled &&
                reminder.state != ReminderState::kDue) {
              return WrongState(reminder, "scheduled or due reminder",
                                "sent now");
            }
            const storage::PolicyStepRecord* step =
                book.FindStep(reminder.policy_id, reminder.step_key);
            // The debtor's rules bind a person too: steps in order, never a
            // lower one after a higher one, never two closer than the gap.
            if (context.earlier_step.has_value()) {
              return CannotGoOut(reminder, WaitingFor(*context.earlier_step));
            }
            if (reminder.origin == storage::ReminderOrigin::kLadder) {
              if (reminder.rank > 0 &&
                  context.rank_carried_out >= reminder.rank) {
                return CannotGoOut(reminder,
                                   AlreadyReceived(context.rank_carried_out));
              }
              if (std::optional<absl::Time> not_before = GapEnd(context, step);
                  not_before.has_value() && now < *not_before) {
                return CannotGoOut(reminder, HeldByGap(context, *not_before));
              }
            }
            if (reminder.actor == storage::Actor::kAutomatic &&
                dispatcher_ != nullptr && !dispatcher_->CanSend(reminder)) {
              return CannotGoOut(reminder,
                                 "no adapter is configured for its channels "
                                 "(see the channels section of relanced's "
                                 "configuration)");
            }
            if (reminder.state == ReminderState::kDue) return std::nullopt;
            if (step == nullptr) {
              return absl::FailedPreconditionError(absl::StrCat(
                  "step '", reminder.step_key,
                  "' is no longer in its policy; skip the reminder instead"));
            }
            const absl::CivilDay today = LocalToday(now, context.client);
            // A person sending it by hand decides about courtesy and
            // minimums; settlements, holds and blocks still stop it.
            const Qualification verdict = Qualify(
                context.invoice, context.client, context.holds, nullptr, today);
            if (verdict.verdict != Qualification::Verdict::kGo) {
              return CannotGoOut(reminder, verdict.reason);
            }
            MarkDue(reminder, *step, *book.Find(reminder.policy_id),
                    context.client, context.invoice, today);
            return reminder;
          },
          now, actor));
  if (due.actor != storage::Actor::kAutomatic || dispatcher_ == nullptr) {
    return due;
  }
  RELANCE_ASSIGN_OR_RETURN(ReminderRecord after,
                           dispatcher_->DispatchOne(due.id));
  switch (after.state) {
    case ReminderState::kSent:
    case ReminderState::kSending:  // Another server is sending it.
      return after;
    case ReminderState::kDue:
      return absl::FailedPreconditionError(absl::StrCat(
          "reminder ", id, " was not sent", after.reason.empty() ? "" : ": ",
          after.reason, "; it stays due and goes out with the next dispatch"));
    default:
      return absl::FailedPreconditionError(absl::StrCat(
          "reminder ", id, " was not sent: it is now ", StateName(after.state),
          after.reason.empty() ? "" : ": ", after.reason));
  }
}

}  // namespace relance
