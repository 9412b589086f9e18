#include "server/domain/workflow.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "proto/relance/money_text.h"
#include "server/domain/dates.h"
#include "server/domain/errors.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

using storage::InteractionKind;
using storage::InteractionRecord;

constexpr std::size_t kMaxTextLength = 20000;
constexpr std::size_t kMaxReasonLength = 2000;
constexpr int kMaxGraceDays = 90;
constexpr int kMinInstalments = 2;
constexpr int kMaxInstalments = 36;
// A call or a letter may be recorded after the fact, not before: a little
// clock skew between the caller and the server is allowed.
constexpr absl::Duration kFutureTolerance = absl::Minutes(5);

void CheckText(absl::string_view field, absl::string_view text,
               std::size_t max_length, bool required,
               FieldViolations& violations) {
  if (required && text.empty()) {
    violations.Add(std::string(field), "is required");
  } else if (text.size() > max_length) {
    violations.Add(std::string(field),
                   absl::StrCat("is longer than ", max_length, " characters"));
  }
}

void CheckGrace(absl::string_view field, const std::optional<int>& days,
                FieldViolations& violations) {
  if (days.has_value() && (*days < 0 || *days > kMaxGraceDays)) {
    violations.Add(std::string(field),
                   absl::StrCat("must be between 0 and ", kMaxGraceDays));
  }
}

void CheckNotPast(absl::string_view field,
                  const std::optional<absl::CivilDay>& day,
                  absl::CivilDay today, FieldViolations& violations) {
  if (day.has_value() && *day < today) {
    violations.Add(std::string(field),
                   absl::StrCat("is before today (", FormatDate(today), ")"));
  }
}

void CheckPromiseTerms(absl::string_view prefix, const PromiseTerms& terms,
                       absl::CivilDay today, FieldViolations& violations) {
  if (terms.amount.minor <= 0) {
    violations.Add(absl::StrCat(prefix, "amount"), "must be more than zero");
  }
  if (!terms.date.has_value()) {
    violations.Add(absl::StrCat(prefix, "date"), "is required");
  }
  CheckNotPast(absl::StrCat(prefix, "date"), terms.date, today, violations);
  CheckGrace(absl::StrCat(prefix, "grace_days"), terms.grace_days, violations);
}

void CheckDisputeTerms(absl::string_view prefix, const DisputeTerms& terms,
                       absl::CivilDay today, FieldViolations& violations) {
  CheckText(absl::StrCat(prefix, "reason"), terms.reason, kMaxReasonLength,
            /*required=*/true, violations);
  CheckText(absl::StrCat(prefix, "owner"), terms.owner, kMaxReasonLength,
            /*required=*/false, violations);
  CheckNotPast(absl::StrCat(prefix, "deadline"), terms.deadline, today,
               violations);
}

// A carried-out task's reason: "outcome: notes", either alone when the other
// is empty ("no answer: voicemail").
std::string TaskDoneReason(std::optional<storage::CallOutcome> outcome,
                           absl::string_view notes) {
  std::string reason;
  if (outcome.has_value()) {
    switch (*outcome) {
      case storage::CallOutcome::kReached:
        reason = "reached";
        break;
      case storage::CallOutcome::kNoAnswer:
        reason = "no answer";
        break;
      case storage::CallOutcome::kWrongNumber:
        reason = "wrong number";
        break;
      case storage::CallOutcome::kPromise:
        reason = "promise";
        break;
      case storage::CallOutcome::kDispute:
        reason = "dispute";
        break;
    }
  }
  if (!reason.empty() && !notes.empty()) absl::StrAppend(&reason, ": ");
  absl::StrAppend(&reason, notes);
  return reason;
}

// The client's time zone; Europe/Paris when its name cannot be loaded.
absl::TimeZone ZoneOf(const storage::ClientRecord& client) {
  absl::StatusOr<absl::TimeZone> zone = LoadClientTimeZone(client.time_zone);
  return zone.ok() ? *zone : *LoadClientTimeZone("");
}

}  // namespace

std::vector<absl::CivilDay> SplitDueDates(absl::CivilDay first, int count,
                                          int every_days, int every_months) {
  std::vector<absl::CivilDay> dates;
  dates.reserve(count);
  for (int i = 0; i < count; ++i) {
    dates.push_back(every_months > 0 ? AddMonths(first, i * every_months)
                                     : first + i * every_days);
  }
  return dates;
}

std::vector<std::int64_t> SplitAmounts(std::int64_t total, int count) {
  std::vector<std::int64_t> amounts(count, total / count);
  for (std::int64_t i = 0; i < total % count; ++i) ++amounts[i];
  return amounts;
}

Workflow::Workflow(Repositories repositories, Policies* policies,
                   const BusinessCalendar* calendar, Clock* clock,
                   WorkflowOptions options)
    : repositories_(repositories),
      policies_(policies),
      calendar_(calendar),
      clock_(clock),
      options_(std::move(options)) {}

InteractionRecord Workflow::Entry(InteractionKind kind, std::int64_t client_id,
                                  absl::string_view request_id,
                                  absl::string_view actor) const {
  InteractionRecord entry;
  entry.kind = kind;
  entry.client_id = client_id;
  entry.request_id = std::string(request_id);
  entry.actor = std::string(actor);
  entry.occurred_time = clock_->Now();
  return entry;
}

absl::CivilDay Workflow::TodayOf(const storage::ClientRecord& client) const {
  return BusinessCalendar::LocalDay(clock_->Now(), ZoneOf(client));
}

absl::StatusOr<InteractionRecord> Workflow::AddNote(const NoteInput& input,
                                                    absl::string_view actor) {
  FieldViolations violations;
  if (input.kind != InteractionKind::kNote &&
      input.kind != InteractionKind::kInboundEmail &&
      input.kind != InteractionKind::kInboundLetter) {
    violations.Add("kind", "must be a note, an inbound email or letter");
  }
  CheckText("text", input.text, kMaxTextLength, /*required=*/true, violations);
  if (input.occurred_time.has_value() &&
      *input.occurred_time > clock_->Now() + kFutureTolerance) {
    violations.Add("occurred_time", "is in the future");
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  RELANCE_RETURN_IF_ERROR(repositories_.clients->Get(input.client_id).status());
  if (input.invoice_id.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                             repositories_.invoices->Get(*input.invoice_id));
    if (invoice.client_id != input.client_id) {
      return errors::NotTheClients("invoice", invoice.id, input.client_id);
    }
  }
  if (input.corrects_id.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord corrected,
        repositories_.interactions->Get(*input.corrects_id));
    if (corrected.client_id != input.client_id) {
      return errors::NotTheClients("entry", corrected.id, input.client_id);
    }
  }
  InteractionRecord entry =
      Entry(input.kind, input.client_id, input.request_id, actor);
  entry.invoice_id = input.invoice_id;
  entry.body_text = input.text;
  entry.corrects_id = input.corrects_id;
  if (input.occurred_time.has_value()) {
    entry.occurred_time = *input.occurred_time;
  }
  return repositories_.interactions->Append(entry, clock_->Now());
}

absl::StatusOr<int> Workflow::UnansweredCallsInARow(std::int64_t client_id) {
  storage::InteractionFilter filter;
  filter.client_id = client_id;
  filter.kinds = {InteractionKind::kCall};
  int in_a_row = 0;
  storage::PageRequest page{.limit = 500};
  while (true) {
    RELANCE_ASSIGN_OR_RETURN(storage::Page<InteractionRecord> calls,
                             repositories_.interactions->List(filter, page));
    for (const InteractionRecord& call : calls.items) {
      in_a_row = call.call_outcome == storage::CallOutcome::kNoAnswer
                     ? in_a_row + 1
                     : 0;
    }
    if (!calls.next_after_id.has_value()) return in_a_row;
    page.after_id = *calls.next_after_id;
  }
}

absl::StatusOr<std::optional<storage::InvoiceRecord>> Workflow::FollowUpInvoice(
    const storage::ClientRecord& client,
    std::optional<std::int64_t> invoice_id) {
  if (invoice_id.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                             repositories_.invoices->Get(*invoice_id));
    return invoice;
  }
  storage::InvoiceFilter filter;
  filter.client_id = client.id;
  filter.status = storage::InvoiceStatus::kOpen;
  std::optional<storage::InvoiceRecord> oldest;
  storage::PageRequest page{.limit = 500};
  while (true) {
    RELANCE_ASSIGN_OR_RETURN(storage::Page<storage::InvoiceRecord> invoices,
                             repositories_.invoices->List(filter, page));
    for (storage::InvoiceRecord& invoice : invoices.items) {
      if (invoice.outstanding_minor() <= 0) continue;
      if (!oldest.has_value() || invoice.due_date < oldest->due_date) {
        oldest = std::move(invoice);
      }
    }
    if (!invoices.next_after_id.has_value()) return oldest;
    page.after_id = *invoices.next_after_id;
  }
}

absl::StatusOr<std::optional<storage::ReminderRecord>> Workflow::FollowUp(
    const CallInput& input, const storage::ClientRecord& client,
    std::optional<std::int64_t> invoice_id, std::string* note) {
  const bool no_answer = input.outcome == storage::CallOutcome::kNoAnswer;
  const bool wrong_number = input.outcome == storage::CallOutcome::kWrongNumber;
  if (!no_answer && !wrong_number) return std::nullopt;
  const absl::CivilDay today = TodayOf(client);
  if (no_answer) {
    RELANCE_ASSIGN_OR_RETURN(int earlier, UnansweredCallsInARow(client.id));
    const int attempts = earlier + 1;
    if (attempts >= options_.call_retry_limit) {
      *note = absl::StrCat(attempts,
                           " calls in a row without an answer: no further "
                           "call planned");
      return std::nullopt;
    }
  }
  RELANCE_ASSIGN_OR_RETURN(std::optional<storage::InvoiceRecord> invoice,
                           FollowUpInvoice(client, invoice_id));
  if (!invoice.has_value()) {
    *note = "no open invoice: no task planned";
    return std::nullopt;
  }
  RELANCE_ASSIGN_OR_RETURN(PolicyBook book, policies_->LoadBook());
  const storage::PolicyRecord& policy = book.For(client);
  const absl::TimeZone tz = ZoneOf(client);
  storage::ReminderRecord task;
  task.invoice_id = invoice->id;
  task.invoice_number = invoice->number;
  task.client_id = client.id;
  task.policy_id = policy.id;
  task.step_index = 0;
  task.formal_notice = false;
  task.hand_over = false;
  const std::string stamp = absl::StrCat(absl::ToUnixMicros(clock_->Now()));
  if (no_answer) {
    absl::CivilDay day = today;
    for (int i = 0; i < options_.call_retry_business_days; ++i) {
      day = calendar_->NextBusinessDay(day + 1);
    }
    task.origin = storage::ReminderOrigin::kCallRetry;
    task.step_key = absl::StrCat("call_retry/", stamp);
    task.channels = {storage::Channel::kPhone};
    task.template_key = "phone_call";
    task.actor = storage::Actor::kOwner;
    task.assignee = client.owner.empty() ? kBackOfficeQueue : client.owner;
    task.state = storage::ReminderState::kScheduled;
    task.scheduled_time = calendar_->FirstSlotOnOrAfter(
        day, tz,
        SendWindow{policy.send_window_start_minute,
                   policy.send_window_end_minute});
    task.reason = absl::StrCat("call again: no answer on ", FormatDate(today));
    *note = absl::StrCat("next call planned on ", FormatDate(day));
  } else {
    task.origin = storage::ReminderOrigin::kContactFix;
    task.step_key = absl::StrCat("contact_fix/", stamp);
    task.actor = storage::Actor::kBackOffice;
    task.assignee = kBackOfficeQueue;
    task.state = storage::ReminderState::kDue;
    task.scheduled_time = clock_->Now();
    task.action_date = today;
    task.reason = absl::StrCat("wrong number (", client.phone,
                               "): find the client's right phone number");
    *note = "the back office is asked for the right phone number";
  }
  return task;
}

absl::StatusOr<storage::CallResult> Workflow::LogCall(const CallInput& input,
                                                      absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client,
                           repositories_.clients->Get(input.client_id));
  const absl::CivilDay today = TodayOf(client);
  FieldViolations violations;
  if (!input.outcome.has_value()) violations.Add("outcome", "is required");
  CheckText("notes", input.notes, kMaxTextLength, /*required=*/false,
            violations);
  if (input.occurred_time.has_value() &&
      *input.occurred_time > clock_->Now() + kFutureTolerance) {
    violations.Add("occurred_time", "is in the future");
  }
  const bool promise = input.outcome == storage::CallOutcome::kPromise;
  const bool dispute = input.outcome == storage::CallOutcome::kDispute;
  if ((promise || dispute) && !input.invoice_id.has_value()) {
    violations.Add("invoice_id", promise ? "is required for a promise"
                                         : "is required for a dispute");
  }
  if (promise && !input.promise.has_value()) {
    violations.Add("promise", "is required for the outcome promise");
  } else if (promise) {
    CheckPromiseTerms("promise.", *input.promise, today, violations);
  } else if (input.promise.has_value()) {
    violations.Add("promise", "is only for the outcome promise");
  }
  if (dispute && !input.dispute.has_value()) {
    violations.Add("dispute", "is required for the outcome dispute");
  } else if (dispute) {
    CheckDisputeTerms("dispute.", *input.dispute, today, violations);
  } else if (input.dispute.has_value()) {
    violations.Add("dispute", "is only for the outcome dispute");
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());

  std::optional<std::int64_t> invoice_id = input.invoice_id;
  if (invoice_id.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                             repositories_.invoices->Get(*invoice_id));
    if (invoice.client_id != client.id) {
      return errors::NotTheClients("invoice", invoice.id, client.id);
    }
  }
  storage::CallWrite call;
  call.entry =
      Entry(InteractionKind::kCall, client.id, input.request_id, actor);
  call.entry.invoice_id = invoice_id;
  call.entry.call_outcome = input.outcome;
  call.entry.corrects_id = input.corrects_id;
  if (input.occurred_time.has_value()) {
    call.entry.occurred_time = *input.occurred_time;
  }
  call.task_id = input.task_id;
  if (input.task_id.has_value()) {
    call.task_reason = TaskDoneReason(input.outcome, input.notes);
    call.task_action_date =
        BusinessCalendar::LocalDay(call.entry.occurred_time, ZoneOf(client));
  }
  std::string note;
  RELANCE_ASSIGN_OR_RETURN(call.follow_up,
                           FollowUp(input, client, invoice_id, &note));
  call.entry.body_text = input.notes;
  call.entry.summary = note;
  if (promise) {
    storage::PromiseRecord record;
    record.invoice_id = *invoice_id;
    record.client_id = client.id;
    record.amount = input.promise->amount;
    record.promised_date = *input.promise->date;
    record.grace_days =
        input.promise->grace_days.value_or(options_.promise_grace_days);
    record.until_date = record.promised_date + record.grace_days;
    record.made_by = std::string(actor);
    call.promise = record;
    InteractionRecord made = Entry(InteractionKind::kPromiseMade, client.id,
                                   /*request_id=*/"", actor);
    made.invoice_id = invoice_id;
    made.amount = record.amount;
    made.day = record.promised_date;
    call.promise_entry = made;
  }
  if (dispute) {
    storage::DisputeRecord record;
    record.invoice_id = *invoice_id;
    record.client_id = client.id;
    record.reason = input.dispute->reason;
    record.owner =
        input.dispute->owner.empty() ? client.owner : input.dispute->owner;
    record.deadline = input.dispute->deadline.value_or(
        today + options_.dispute_deadline_days);
    record.opened_by = std::string(actor);
    call.dispute = record;
    InteractionRecord opened = Entry(InteractionKind::kDisputeOpened, client.id,
                                     /*request_id=*/"", actor);
    opened.invoice_id = invoice_id;
    opened.day = record.deadline;
    opened.body_text = record.reason;
    call.dispute_entry = opened;
  }
  return repositories_.workflow->LogCall(call, clock_->Now());
}

absl::StatusOr<storage::WorkflowChange<storage::DisputeRecord>>
Workflow::OpenDispute(absl::string_view request_id, std::int64_t invoice_id,
                      const DisputeTerms& terms, absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                           repositories_.invoices->Get(invoice_id));
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client,
                           repositories_.clients->Get(invoice.client_id));
  const absl::CivilDay today = TodayOf(client);
  FieldViolations violations;
  CheckDisputeTerms("", terms, today, violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  storage::DisputeRecord dispute;
  dispute.invoice_id = invoice.id;
  dispute.client_id = client.id;
  dispute.reason = terms.reason;
  dispute.owner = terms.owner.empty() ? client.owner : terms.owner;
  dispute.deadline =
      terms.deadline.value_or(today + options_.dispute_deadline_days);
  dispute.opened_by = std::string(actor);
  InteractionRecord entry =
      Entry(InteractionKind::kDisputeOpened, client.id, request_id, actor);
  entry.invoice_id = invoice.id;
  entry.day = dispute.deadline;
  entry.body_text = terms.reason;
  return repositories_.workflow->OpenDispute(dispute, entry, clock_->Now());
}

absl::StatusOr<storage::WorkflowChange<storage::DisputeRecord>>
Workflow::CommentDispute(absl::string_view request_id, std::int64_t dispute_id,
                         absl::string_view text, absl::string_view actor) {
  FieldViolations violations;
  CheckText("text", text, kMaxTextLength, /*required=*/true, violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  RELANCE_ASSIGN_OR_RETURN(storage::DisputeRecord dispute,
                           repositories_.workflow->GetDispute(dispute_id));
  InteractionRecord entry = Entry(InteractionKind::kDisputeCommented,
                                  dispute.client_id, request_id, actor);
  entry.invoice_id = dispute.invoice_id;
  entry.body_text = std::string(text);
  return repositories_.workflow->CommentDispute(dispute_id, entry,
                                                clock_->Now());
}

absl::StatusOr<storage::WorkflowChange<storage::DisputeRecord>>
Workflow::ResolveDispute(absl::string_view request_id, std::int64_t dispute_id,
                         std::optional<storage::DisputeOutcome> outcome,
                         absl::string_view resolution,
                         absl::string_view actor) {
  FieldViolations violations;
  if (!outcome.has_value()) violations.Add("outcome", "is required");
  CheckText("resolution", resolution, kMaxTextLength, /*required=*/false,
            violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  RELANCE_ASSIGN_OR_RETURN(storage::DisputeRecord dispute,
                           repositories_.workflow->GetDispute(dispute_id));
  InteractionRecord entry = Entry(InteractionKind::kDisputeResolved,
                                  dispute.client_id, request_id, actor);
  entry.invoice_id = dispute.invoice_id;
  entry.dispute_outcome = outcome;
  entry.body_text = std::string(resolution);
  return repositories_.workflow->ResolveDispute(
      dispute_id, *outcome, std::string(resolution), entry, clock_->Now());
}

absl::StatusOr<storage::WorkflowChange<storage::PromiseRecord>>
Workflow::MakePromise(absl::string_view request_id, std::int64_t invoice_id,
                      const PromiseTerms& terms, absl::string_view notes,
                      absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                           repositories_.invoices->Get(invoice_id));
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client,
                           repositories_.clients->Get(invoice.client_id));
  FieldViolations violations;
  CheckPromiseTerms("", terms, TodayOf(client), violations);
  CheckText("notes", notes, kMaxTextLength, /*required=*/false, violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  storage::PromiseRecord promise;
  promise.invoice_id = invoice.id;
  promise.client_id = client.id;
  promise.amount = terms.amount;
  if (promise.amount.currency.empty()) {
    promise.amount.currency = invoice.currency;
  }
  promise.promised_date = *terms.date;
  promise.grace_days = terms.grace_days.value_or(options_.promise_grace_days);
  promise.until_date = promise.promised_date + promise.grace_days;
  promise.made_by = std::string(actor);
  InteractionRecord entry =
      Entry(InteractionKind::kPromiseMade, client.id, request_id, actor);
  entry.invoice_id = invoice.id;
  entry.amount = promise.amount;
  entry.day = promise.promised_date;
  entry.body_text = std::string(notes);
  return repositories_.workflow->MakePromise(promise, entry, clock_->Now());
}

absl::StatusOr<storage::WorkflowChange<storage::PlanRecord>>
Workflow::CreatePlan(const PlanInput& input, absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                           repositories_.invoices->Get(input.invoice_id));
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client,
                           repositories_.clients->Get(invoice.client_id));
  const absl::CivilDay today = TodayOf(client);
  const std::int64_t outstanding = invoice.outstanding_minor();
  FieldViolations violations;
  CheckGrace("grace_days", input.grace_days, violations);
  CheckGrace("break_after_days", input.break_after_days, violations);
  CheckText("notes", input.notes, kMaxTextLength, /*required=*/false,
            violations);
  const int grace = input.grace_days.value_or(options_.plan_grace_days);
  const int break_after = input.break_after_days.value_or(
      std::max(options_.plan_break_after_days, grace));
  if (!violations.Has("break_after_days") && break_after < grace) {
    violations.Add("break_after_days", "must be at least grace_days");
  }
  std::vector<storage::InstalmentRecord> instalments;
  if (input.split.has_value() == !input.instalments.empty()) {
    violations.Add("schedule", "give either an even split or the instalments");
  } else if (input.split.has_value()) {
    const EvenSplit& split = *input.split;
    if (split.count < kMinInstalments || split.count > kMaxInstalments) {
      violations.Add("split.count",
                     absl::StrCat("must be between ", kMinInstalments, " and ",
                                  kMaxInstalments));
    }
    if (!split.first_due_date.has_value()) {
      violations.Add("split.first_due_date", "is required");
    }
    CheckNotPast("split.first_due_date", split.first_due_date, today,
                 violations);
    if ((split.every_days > 0) == (split.every_months > 0) ||
        split.every_days < 0 || split.every_months < 0) {
      violations.Add("split.every_days",
                     "give a positive every_days or every_months, not both");
    }
    if (violations.empty() && outstanding < split.count) {
      violations.Add("split.count", "is more than the minor units still due");
    }
    if (violations.empty()) {
      const std::vector<absl::CivilDay> dates =
          SplitDueDates(*split.first_due_date, split.count, split.every_days,
                        split.every_months);
      const std::vector<std::int64_t> amounts =
          SplitAmounts(outstanding, split.count);
      for (int i = 0; i < split.count; ++i) {
        instalments.push_back({.number = i + 1,
                               .due_date = dates[i],
                               .amount_minor = amounts[i]});
      }
    }
  } else {
    if (input.instalments.size() < kMinInstalments ||
        input.instalments.size() > kMaxInstalments) {
      violations.Add("instalments",
                     absl::StrCat("must hold between ", kMinInstalments,
                                  " and ", kMaxInstalments));
    }
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < input.instalments.size(); ++i) {
      const InstalmentTerms& terms = input.instalments[i];
      const std::string field = absl::StrCat("instalments[", i, "]");
      if (!terms.due_date.has_value()) {
        violations.Add(absl::StrCat(field, ".due_date"), "is required");
      } else if (*terms.due_date < today) {
        violations.Add(absl::StrCat(field, ".due_date"), "is before today");
      } else if (i > 0 && input.instalments[i - 1].due_date.has_value() &&
                 *terms.due_date <= *input.instalments[i - 1].due_date) {
        violations.Add(absl::StrCat(field, ".due_date"),
                       "is not after the previous instalment's");
      }
      if (terms.amount.minor <= 0) {
        violations.Add(absl::StrCat(field, ".amount"),
                       "must be more than zero");
      } else if (!terms.amount.currency.empty() &&
                 terms.amount.currency != invoice.currency) {
        violations.Add(absl::StrCat(field, ".amount"),
                       absl::StrCat("is not in the invoice's currency, ",
                                    invoice.currency));
      }
      sum += std::max<std::int64_t>(terms.amount.minor, 0);
      if (terms.due_date.has_value()) {
        instalments.push_back({.number = static_cast<int>(i) + 1,
                               .due_date = *terms.due_date,
                               .amount_minor = terms.amount.minor});
      }
    }
    if (violations.empty() && sum != outstanding) {
      violations.Add(
          "instalments",
          absl::StrCat("add up to ", FormatAmount(sum, invoice.currency),
                       "; the invoice still owes ",
                       FormatAmount(outstanding, invoice.currency)));
    }
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  storage::PlanRecord plan;
  plan.invoice_id = invoice.id;
  plan.client_id = client.id;
  plan.total = {invoice.currency, outstanding};
  plan.grace_days = grace;
  plan.break_after_days = break_after;
  plan.created_by = std::string(actor);
  plan.instalments = std::move(instalments);
  InteractionRecord entry =
      Entry(InteractionKind::kPlanCreated, client.id, input.request_id, actor);
  entry.invoice_id = invoice.id;
  entry.amount = plan.total;
  entry.day = plan.instalments.back().due_date;
  entry.body_text = input.notes;
  return repositories_.workflow->CreatePlan(plan, entry, clock_->Now());
}

absl::StatusOr<storage::WorkflowChange<storage::PlanRecord>>
Workflow::CancelPlan(absl::string_view request_id, std::int64_t plan_id,
                     absl::string_view reason, absl::string_view actor) {
  FieldViolations violations;
  CheckText("reason", reason, kMaxReasonLength, /*required=*/true, violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  RELANCE_ASSIGN_OR_RETURN(storage::PlanRecord plan,
                           repositories_.workflow->GetPlan(plan_id));
  InteractionRecord entry =
      Entry(InteractionKind::kPlanCancelled, plan.client_id, request_id, actor);
  entry.invoice_id = plan.invoice_id;
  entry.body_text = std::string(reason);
  return repositories_.workflow->CancelPlan(plan_id, entry, clock_->Now());
}

absl::StatusOr<storage::WorkflowChange<storage::ClientRecord>> Workflow::Block(
    absl::string_view request_id, std::int64_t client_id,
    std::optional<absl::CivilDay> until, absl::string_view reason,
    absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client,
                           repositories_.clients->Get(client_id));
  FieldViolations violations;
  if (!until.has_value()) violations.Add("until", "is required");
  CheckNotPast("until", until, TodayOf(client), violations);
  CheckText("reason", reason, kMaxReasonLength, /*required=*/true, violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  InteractionRecord entry =
      Entry(InteractionKind::kClientBlocked, client.id, request_id, actor);
  entry.day = until;
  entry.body_text = std::string(reason);
  return repositories_.workflow->SetClientBlock(
      client.id, until, std::string(reason), entry, clock_->Now());
}

absl::StatusOr<storage::WorkflowChange<storage::ClientRecord>>
Workflow::Unblock(absl::string_view request_id, std::int64_t client_id,
                  absl::string_view reason, absl::string_view actor) {
  FieldViolations violations;
  CheckText("reason", reason, kMaxReasonLength, /*required=*/false, violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client,
                           repositories_.clients->Get(client_id));
  InteractionRecord entry =
      Entry(InteractionKind::kClientUnblocked, client.id, request_id, actor);
  entry.body_text = std::string(reason);
  return repositories_.workflow->SetClientBlock(client.id, std::nullopt, "",
                                                entry, clock_->Now());
}

absl::StatusOr<storage::Page<InteractionRecord>> Workflow::Timeline(
    storage::InteractionFilter filter, const storage::PageRequest& page) {
  if (!filter.client_id.has_value() && !filter.invoice_id.has_value()) {
    FieldViolations violations;
    violations.Add("client_id", "give a client or an invoice");
    return violations.ToStatus();
  }
  if (filter.client_id.has_value()) {
    RELANCE_RETURN_IF_ERROR(
        repositories_.clients->Get(*filter.client_id).status());
  }
  if (filter.invoice_id.has_value()) {
    RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                             repositories_.invoices->Get(*filter.invoice_id));
    if (filter.client_id.has_value() &&
        invoice.client_id != *filter.client_id) {
      return errors::NotTheClients("invoice", invoice.id, *filter.client_id);
    }
    filter.client_id = invoice.client_id;
  }
  return repositories_.interactions->List(filter, page);
}

absl::StatusOr<storage::DisputeRecord> Workflow::GetDispute(std::int64_t id) {
  return repositories_.workflow->GetDispute(id);
}
absl::StatusOr<storage::Page<storage::DisputeRecord>> Workflow::ListDisputes(
    const storage::DisputeFilter& filter, const storage::PageRequest& page) {
  return repositories_.workflow->ListDisputes(filter, page);
}
absl::StatusOr<storage::PromiseRecord> Workflow::GetPromise(std::int64_t id) {
  return repositories_.workflow->GetPromise(id);
}
absl::StatusOr<storage::Page<storage::PromiseRecord>> Workflow::ListPromises(
    const storage::PromiseFilter& filter, const storage::PageRequest& page) {
  return repositories_.workflow->ListPromises(filter, page);
}
absl::StatusOr<storage::PlanRecord> Workflow::GetPlan(std::int64_t id) {
  return repositories_.workflow->GetPlan(id);
}
absl::StatusOr<storage::Page<storage::PlanRecord>> Workflow::ListPlans(
    const storage::PlanFilter& filter, const storage::PageRequest& page) {
  return repositories_.workflow->ListPlans(filter, page);
}

absl::Status Workflow::Sweep(absl::CivilDay day, absl::Time cutoff) {
  return repositories_.workflow
      ->Sweep(day, cutoff, options_.server_actor, options_.instalment_dunning,
              clock_->Now())
      .status();
}

}  // namespace relance
