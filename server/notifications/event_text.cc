#include "server/notifications/event_text.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "proto/relance/money_text.h"

namespace relance::notifications {
namespace {

struct KindWords {
  absl::string_view kind;
  // What happened, before "for <client>".
  absl::string_view words;
};

constexpr KindWords kKindWords[] = {
    {"message_sent", "Reminder sent"},
    {"inbound_email", "Email received"},
    {"inbound_letter", "Letter received"},
    {"call", "Call logged"},
    {"note", "Note added"},
    {"dispute_opened", "Dispute opened"},
    {"dispute_commented", "Dispute commented"},
    {"dispute_resolved", "Dispute resolved"},
    {"dispute_deadline_passed", "Dispute deadline passed"},
    {"promise_made", "Promise to pay"},
    {"promise_kept", "Promise kept"},
    {"promise_broken", "Promise broken"},
    {"plan_created", "Payment plan agreed"},
    {"instalment_paid", "Instalment paid"},
    {"instalment_missed", "Instalment missed"},
    {"plan_completed", "Payment plan completed"},
    {"plan_broken", "Payment plan broken"},
    {"plan_cancelled", "Payment plan cancelled"},
    {"payment_received", "Payment received"},
    {"extras_paid", "Interest, indemnity or fees paid"},
    {"extras_waived", "Interest, indemnity or fees waived"},
    {"credit_note_recorded", "Credit note recorded"},
    {"hand_over", "Handed over to collection"},
    {"client_blocked", "Dunning blocked"},
    {"client_unblocked", "Dunning unblocked"},
    {storage::event_kind::kReminderDue, "Reminder due"},
    {storage::event_kind::kReminderSent, "Reminder sent"},
    {storage::event_kind::kReminderFailed, "Reminder failed"},
    {storage::event_kind::kReminderSkipped, "Reminder skipped"},
    {storage::event_kind::kTaskAssigned, "Task assigned"},
    {storage::event_kind::kTaskDone, "Task done"},
    {storage::event_kind::kInvoicePaid, "Invoice paid"},
    {storage::event_kind::kRateMissing, "Penalty rate missing"},
    {"letter_posted", "Registered letter posted"},
    {"letter_acknowledged", "Registered letter acknowledged"},
    {"limitation_warning", "Limitation date near"},
};

absl::string_view WordsOf(absl::string_view kind) {
  for (const KindWords& words : kKindWords) {
    if (words.kind == kind) return words.words;
  }
  return kind;
}

std::string Client(const storage::EventRecord& event) {
  return event.client_name.empty() ? absl::StrCat("client ", event.client_id)
                                   : event.client_name;
}

// "invoice F-1", or "" when the event concerns no invoice.
std::string Invoice(const storage::EventRecord& event) {
  if (!event.invoice_id.has_value()) return "";
  return absl::StrCat("invoice ", event.invoice_number.empty()
                                      ? absl::StrCat("#", *event.invoice_id)
                                      : event.invoice_number);
}

// " about invoice F-1", or "".
std::string About(const storage::EventRecord& event) {
  const std::string invoice = Invoice(event);
  return invoice.empty() ? "" : absl::StrCat(" about ", invoice);
}

std::string Facts(const storage::EventRecord& event) {
  std::string facts;
  if (!event.amount.currency.empty() && event.amount.minor != 0) {
    absl::StrAppend(&facts,
                    FormatAmount(event.amount.minor, event.amount.currency));
  }
  if (event.day.has_value()) {
    // A promise's or an instalment's date is when the money is due; any
    // other (a payment's) is when it happened.
    const bool deadline = absl::StartsWith(event.kind, "promise_") ||
                          absl::StartsWith(event.kind, "instalment_") ||
                          event.kind == "limitation_warning";
    absl::StrAppend(&facts, facts.empty() ? "" : " ", deadline ? "by " : "on ",
                    absl::FormatCivilTime(*event.day));
  }
  return facts;
}

std::string Action(const storage::EventRecord& event) {
  const std::string client = Client(event);
  const absl::string_view kind = event.kind;
  if (kind == storage::event_kind::kTaskAssigned) {
    return absl::StrCat("call ", client, About(event));
  }
  if (kind == storage::event_kind::kReminderFailed) {
    return absl::StrCat("check the contact details of ", client);
  }
  if (kind == "promise_broken") {
    std::string action = absl::StrCat("call ", client, ": promise");
    if (!event.amount.currency.empty() && event.amount.minor != 0) {
      absl::StrAppend(&action, " of ",
                      FormatAmount(event.amount.minor, event.amount.currency));
    }
    if (event.day.has_value()) {
      absl::StrAppend(&action, " due ", absl::FormatCivilTime(*event.day));
    }
    return absl::StrCat(action, " broken");
  }
  if (kind == "instalment_missed") {
    return absl::StrCat(
        "call ", client, ": instalment",
        event.day.has_value()
            ? absl::StrCat(" due ", absl::FormatCivilTime(*event.day))
            : "",
        " missed");
  }
  if (kind == "limitation_warning") {
    return absl::StrCat(
        "act on the claim of ", client, About(event),
        event.day.has_value()
            ? absl::StrCat(" by ", absl::FormatCivilTime(*event.day))
            : "",
        ": it is time-barred after that day");
  }
  if (kind == "dispute_deadline_passed") {
    return absl::StrCat("settle the dispute of ", client, About(event),
                        ": dunning has resumed");
  }
  return "";
}

}  // namespace

EventText DescribeEvent(const storage::EventRecord& event) {
  EventText text;
  text.summary = absl::StrCat(WordsOf(event.kind), " for ", Client(event));
  const std::string invoice = Invoice(event);
  if (!invoice.empty()) absl::StrAppend(&text.summary, ", ", invoice);
  const std::string facts = Facts(event);
  if (!facts.empty()) absl::StrAppend(&text.summary, " (", facts, ")");
  if (!event.assignee.empty()) {
    absl::StrAppend(&text.summary, ", for ", event.assignee);
  }
  if (!event.detail.empty()) absl::StrAppend(&text.summary, ": ", event.detail);
  text.action = Action(event);
  return text;
}

}  // namespace relance::notifications
