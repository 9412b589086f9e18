#include "server/api/workflow_conversions.h"

#include <optional>
#include <utility>

#include "server/api/conversions.h"
#include "server/api/dunning_conversions.h"
#include "server/domain/dates.h"
#include "server/domain/workflow.h"

namespace relance::api {
namespace {

using storage::InteractionKind;

// Entry kinds and their wire values, one table for both directions.
constexpr std::pair<InteractionKind, v1::EntryKind> kEntryKinds[] = {
    {InteractionKind::kMessageSent, v1::ENTRY_KIND_MESSAGE_SENT},
    {InteractionKind::kInboundEmail, v1::ENTRY_KIND_INBOUND_EMAIL},
    {InteractionKind::kInboundLetter, v1::ENTRY_KIND_INBOUND_LETTER},
    {InteractionKind::kCall, v1::ENTRY_KIND_CALL},
    {InteractionKind::kNote, v1::ENTRY_KIND_NOTE},
    {InteractionKind::kDisputeOpened, v1::ENTRY_KIND_DISPUTE_OPENED},
    {InteractionKind::kDisputeCommented, v1::ENTRY_KIND_DISPUTE_COMMENTED},
    {InteractionKind::kDisputeResolved, v1::ENTRY_KIND_DISPUTE_RESOLVED},
    {InteractionKind::kDisputeDeadlinePassed,
     v1::ENTRY_KIND_DISPUTE_DEADLINE_PASSED},
    {InteractionKind::kPromiseMade, v1::ENTRY_KIND_PROMISE_MADE},
    {InteractionKind::kPromiseKept, v1::ENTRY_KIND_PROMISE_KEPT},
    {InteractionKind::kPromiseBroken, v1::ENTRY_KIND_PROMISE_BROKEN},
    {InteractionKind::kPlanCreated, v1::ENTRY_KIND_PLAN_CREATED},
    {InteractionKind::kInstalmentPaid, v1::ENTRY_KIND_INSTALMENT_PAID},
    {InteractionKind::kInstalmentMissed, v1::ENTRY_KIND_INSTALMENT_MISSED},
    {InteractionKind::kPlanCompleted, v1::ENTRY_KIND_PLAN_COMPLETED},
    {InteractionKind::kPlanBroken, v1::ENTRY_KIND_PLAN_BROKEN},
    {InteractionKind::kPlanCancelled, v1::ENTRY_KIND_PLAN_CANCELLED},
    {InteractionKind::kPaymentReceived, v1::ENTRY_KIND_PAYMENT_RECEIVED},
    {InteractionKind::kExtrasPaid, v1::ENTRY_KIND_EXTRAS_PAID},
    {InteractionKind::kExtrasWaived, v1::ENTRY_KIND_EXTRAS_WAIVED},
    {InteractionKind::kCreditNoteRecorded, v1::ENTRY_KIND_CREDIT_NOTE_RECORDED},
    {InteractionKind::kHandOver, v1::ENTRY_KIND_HAND_OVER},
    {InteractionKind::kClientBlocked, v1::ENTRY_KIND_CLIENT_BLOCKED},
    {InteractionKind::kClientUnblocked, v1::ENTRY_KIND_CLIENT_UNBLOCKED},
    {InteractionKind::kLetterPosted, v1::ENTRY_KIND_LETTER_POSTED},
    {InteractionKind::kLetterAcknowledged, v1::ENTRY_KIND_LETTER_ACKNOWLEDGED},
    {InteractionKind::kLimitationWarning, v1::ENTRY_KIND_LIMITATION_WARNING},
};

constexpr std::pair<storage::CallOutcome, v1::CallOutcome> kCallOutcomes[] = {
    {storage::CallOutcome::kReached, v1::CALL_OUTCOME_REACHED},
    {storage::CallOutcome::kNoAnswer, v1::CALL_OUTCOME_NO_ANSWER},
    {storage::CallOutcome::kWrongNumber, v1::CALL_OUTCOME_WRONG_NUMBER},
    {storage::CallOutcome::kPromise, v1::CALL_OUTCOME_PROMISE},
    {storage::CallOutcome::kDispute, v1::CALL_OUTCOME_DISPUTE},
};

constexpr std::pair<storage::DisputeOutcome, v1::DisputeOutcome>
    kDisputeOutcomes[] = {
        {storage::DisputeOutcome::kCreditNoteIssued,
         v1::DISPUTE_OUTCOME_CREDIT_NOTE_ISSUED},
        {storage::DisputeOutcome::kInvoiceCorrected,
         v1::DISPUTE_OUTCOME_INVOICE_CORRECTED},
        {storage::DisputeOutcome::kClaimRejected,
         v1::DISPUTE_OUTCOME_CLAIM_REJECTED},
};

constexpr std::pair<storage::DisputeState, v1::DisputeState> kDisputeStates[] =
    {
        {storage::DisputeState::kOpen, v1::DISPUTE_STATE_OPEN},
        {storage::DisputeState::kResolved, v1::DISPUTE_STATE_RESOLVED},
};

constexpr std::pair<storage::PromiseState, v1::PromiseState> kPromiseStates[] =
    {
        {storage::PromiseState::kOpen, v1::PROMISE_STATE_OPEN},
        {storage::PromiseState::kKept, v1::PROMISE_STATE_KEPT},
        {storage::PromiseState::kBroken, v1::PROMISE_STATE_BROKEN},
};

constexpr std::pair<storage::PlanState, v1::PlanState> kPlanStates[] = {
    {storage::PlanState::kActive, v1::PLAN_STATE_ACTIVE},
    {storage::PlanState::kCompleted, v1::PLAN_STATE_COMPLETED},
    {storage::PlanState::kBroken, v1::PLAN_STATE_BROKEN},
    {storage::PlanState::kCancelled, v1::PLAN_STATE_CANCELLED},
};

constexpr std::pair<storage::InstalmentState, v1::InstalmentState>
    kInstalmentStates[] = {
        {storage::InstalmentState::kPending, v1::INSTALMENT_STATE_PENDING},
        {storage::InstalmentState::kPaid, v1::INSTALMENT_STATE_PAID},
        {storage::InstalmentState::kMissed, v1::INSTALMENT_STATE_MISSED},
};

template <typename Domain, typename Wire, std::size_t N>
Wire ToWire(const std::pair<Domain, Wire> (&table)[N], Domain value) {
  for (const auto& [domain, wire] : table) {
    if (domain == value) return wire;
  }
  return Wire{};
}

template <typename Domain, typename Wire, std::size_t N>
std::optional<Domain> FromWire(const std::pair<Domain, Wire> (&table)[N],
                               int value) {
  for (const auto& [domain, wire] : table) {
    if (static_cast<int>(wire) == value) return domain;
  }
  return std::nullopt;
}

void SetAmount(const storage::CurrencyAmount& amount, v1::Money* out) {
  SetMoney(amount.minor, amount.currency, out);
}

}  // namespace

void ToProto(const storage::InteractionRecord& entry, v1::TimelineEntry* out) {
  out->set_id(entry.id);
  out->set_client_id(entry.client_id);
  out->set_invoice_id(entry.invoice_id.value_or(0));
  out->set_invoice_number(entry.invoice_number);
  out->set_kind(ToWire(kEntryKinds, entry.kind));
  out->set_actor(entry.actor);
  ToProto(entry.occurred_time, out->mutable_occurred_time());
  ToProto(entry.create_time, out->mutable_record_time());
  out->set_summary(Summarize(entry));
  // What the server noted beyond the kind (a follow-up planned, say) reads
  // best after its line; for the kinds whose line it is (a letter, extras
  // paid or waived, a limitation warning), once.
  if (!entry.summary.empty() &&
      entry.kind != storage::InteractionKind::kMessageSent &&
      out->summary() != entry.summary) {
    out->set_summary(absl::StrCat(out->summary(), "; ", entry.summary));
  }
  // A message's words are in its summary (the subject) and in
  // ReminderService.GetReminderContent; the text is what people wrote.
  if (entry.kind != storage::InteractionKind::kMessageSent) {
    out->set_text(entry.body_text);
  }
  if (entry.channel.has_value())
    out->set_channel(ChannelToProto(*entry.channel));
  if (entry.call_outcome.has_value()) {
    out->set_call_outcome(ToWire(kCallOutcomes, *entry.call_outcome));
  }
  if (entry.dispute_outcome.has_value()) {
    out->set_dispute_outcome(ToWire(kDisputeOutcomes, *entry.dispute_outcome));
  }
  if (entry.amount.minor > 0) SetAmount(entry.amount, out->mutable_amount());
  if (entry.day.has_value()) out->set_date(FormatDate(*entry.day));
  out->set_dispute_id(entry.dispute_id.value_or(0));
  out->set_promise_id(entry.promise_id.value_or(0));
  out->set_plan_id(entry.plan_id.value_or(0));
  for (std::int64_t id : entry.reminder_ids) out->add_reminder_ids(id);
  out->set_corrects_entry_id(entry.corrects_id.value_or(0));
  out->set_event_sequence(entry.event_sequence);
}

void ToProto(const storage::DisputeRecord& record, v1::Dispute* out) {
  out->set_id(record.id);
  out->set_invoice_id(record.invoice_id);
  out->set_invoice_number(record.invoice_number);
  out->set_client_id(record.client_id);
  out->set_state(ToWire(kDisputeStates, record.state));
  out->set_reason(record.reason);
  out->set_owner(record.owner);
  if (record.deadline.has_value()) {
    out->set_deadline(FormatDate(*record.deadline));
  }
  out->set_deadline_passed(record.deadline_passed);
  if (record.outcome.has_value()) {
    out->set_outcome(ToWire(kDisputeOutcomes, *record.outcome));
  }
  out->set_resolution(record.resolution);
  out->set_opened_by(record.opened_by);
  out->set_resolved_by(record.resolved_by);
  ToProto(record.open_time, out->mutable_open_time());
  if (record.resolve_time.has_value()) {
    ToProto(*record.resolve_time, out->mutable_resolve_time());
  }
}

void ToProto(const storage::PromiseRecord& record, v1::Promise* out) {
  out->set_id(record.id);
  out->set_invoice_id(record.invoice_id);
  out->set_invoice_number(record.invoice_number);
  out->set_client_id(record.client_id);
  out->set_state(ToWire(kPromiseStates, record.state));
  SetAmount(record.amount, out->mutable_amount());
  out->set_promised_date(FormatDate(record.promised_date));
  out->set_grace_days(record.grace_days);
  out->set_until_date(FormatDate(record.until_date));
  SetMoney(record.paid_since_minor, record.amount.currency,
           out->mutable_paid());
  out->set_made_by(record.made_by);
  ToProto(record.create_time, out->mutable_create_time());
  if (record.close_time.has_value()) {
    ToProto(*record.close_time, out->mutable_close_time());
  }
}

void ToProto(const storage::PlanRecord& record, v1::PaymentPlan* out) {
  out->set_id(record.id);
  out->set_invoice_id(record.invoice_id);
  out->set_invoice_number(record.invoice_number);
  out->set_client_id(record.client_id);
  out->set_state(ToWire(kPlanStates, record.state));
  SetAmount(record.total, out->mutable_total());
  for (const storage::InstalmentRecord& instalment : record.instalments) {
    v1::Instalment* wire = out->add_instalments();
    wire->set_number(instalment.number);
    wire->set_due_date(FormatDate(instalment.due_date));
    SetMoney(instalment.amount_minor, record.total.currency,
             wire->mutable_amount());
    wire->set_state(ToWire(kInstalmentStates, instalment.state));
    SetMoney(instalment.paid_minor, record.total.currency,
             wire->mutable_paid());
  }
  out->set_grace_days(record.grace_days);
  out->set_break_after_days(record.break_after_days);
  out->set_created_by(record.created_by);
  ToProto(record.create_time, out->mutable_create_time());
  if (record.close_time.has_value()) {
    ToProto(*record.close_time, out->mutable_close_time());
  }
}

std::optional<storage::InteractionKind> EntryKindFromProto(int kind) {
  return FromWire(kEntryKinds, kind);
}
std::optional<storage::CallOutcome> CallOutcomeFromProto(int outcome) {
  return FromWire(kCallOutcomes, outcome);
}
std::optional<storage::DisputeOutcome> DisputeOutcomeFromProto(int outcome) {
  return FromWire(kDisputeOutcomes, outcome);
}
std::optional<storage::DisputeState> DisputeStateFromProto(int state) {
  return FromWire(kDisputeStates, state);
}
std::optional<storage::PromiseState> PromiseStateFromProto(int state) {
  return FromWire(kPromiseStates, state);
}
std::optional<storage::PlanState> PlanStateFromProto(int state) {
  return FromWire(kPlanStates, state);
}

}  // namespace relance::api
