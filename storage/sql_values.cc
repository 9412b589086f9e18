#include "storage/sql_values.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace relance::storage {
namespace {

template <typename Enum>
struct EnumText {
  Enum value;
  absl::string_view text;
};

constexpr EnumText<ClientKind> kClientKinds[] = {
    {ClientKind::kB2B, "b2b"},
    {ClientKind::kB2C, "b2c"},
};
constexpr EnumText<InvoiceStatus> kInvoiceStatuses[] = {
    {InvoiceStatus::kOpen, "open"},
    {InvoiceStatus::kPaid, "paid"},
    {InvoiceStatus::kCancelled, "cancelled"},
};
constexpr EnumText<SettlementKind> kSettlementKinds[] = {
    {SettlementKind::kPayment, "payment"},
    {SettlementKind::kCreditNote, "credit_note"},
};
constexpr EnumText<ClaimComponent> kClaimComponents[] = {
    {ClaimComponent::kInterest, "interest"},
    {ClaimComponent::kIndemnity, "indemnity"},
    {ClaimComponent::kFee, "fee"},
};
constexpr EnumText<ClaimEntryKind> kClaimEntryKinds[] = {
    {ClaimEntryKind::kPaid, "paid"},
    {ClaimEntryKind::kWaived, "waived"},
};
constexpr EnumText<PaymentMethod> kPaymentMethods[] = {
    {PaymentMethod::kTransfer, "transfer"},
    {PaymentMethod::kDirectDebit, "direct_debit"},
    {PaymentMethod::kCard, "card"},
    {PaymentMethod::kCheque, "cheque"},
};
constexpr EnumText<Channel> kChannels[] = {
    {Channel::kEmail, "email"},
    {Channel::kLetter, "letter"},
    {Channel::kRegisteredLetter, "registered_letter"},
    {Channel::kSms, "sms"},
    {Channel::kPhone, "phone"},
};
constexpr EnumText<Actor> kActors[] = {
    {Actor::kAutomatic, "automatic"},
    {Actor::kOwner, "owner"},
    {Actor::kBackOffice, "back_office"},
};
constexpr EnumText<Grouping> kGroupings[] = {
    {Grouping::kPerInvoice, "per_invoice"},
    {Grouping::kPerClient, "per_client"},
};
constexpr EnumText<ReminderState> kReminderStates[] = {
    {ReminderState::kScheduled, "scheduled"},
    {ReminderState::kDue, "due"},
    {ReminderState::kSending, "sending"},
    {ReminderState::kSent, "sent"},
    {ReminderState::kDone, "done"},
    {ReminderState::kSkipped, "skipped"},
    {ReminderState::kFailed, "failed"},
    {ReminderState::kCancelled, "cancelled"},
};
constexpr EnumText<InteractionKind> kInteractionKinds[] = {
    {InteractionKind::kMessageSent, "message_sent"},
    {InteractionKind::kInboundEmail, "inbound_email"},
    {InteractionKind::kInboundLetter, "inbound_letter"},
    {InteractionKind::kCall, "call"},
    {InteractionKind::kNote, "note"},
    {InteractionKind::kDisputeOpened, "dispute_opened"},
    {InteractionKind::kDisputeCommented, "dispute_commented"},
    {InteractionKind::kDisputeResolved, "dispute_resolved"},
    {InteractionKind::kDisputeDeadlinePassed, "dispute_deadline_passed"},
    {InteractionKind::kPromiseMade, "promise_made"},
    {InteractionKind::kPromiseKept, "promise_kept"},
    {InteractionKind::kPromiseBroken, "promise_broken"},
    {InteractionKind::kPlanCreated, "plan_created"},
    {InteractionKind::kInstalmentPaid, "instalment_paid"},
    {InteractionKind::kInstalmentMissed, "instalment_missed"},
    {InteractionKind::kPlanCompleted, "plan_completed"},
    {InteractionKind::kPlanBroken, "plan_broken"},
    {InteractionKind::kPlanCancelled, "plan_cancelled"},
    {InteractionKind::kPaymentReceived, "payment_received"},
    {InteractionKind::kCreditNoteRecorded, "credit_note_recorded"},
    {InteractionKind::kHandOver, "hand_over"},
    {InteractionKind::kClientBlocked, "client_blocked"},
    {InteractionKind::kClientUnblocked, "client_unblocked"},
    {InteractionKind::kLetterPosted, "letter_posted"},
    {InteractionKind::kLetterAcknowledged, "letter_acknowledged"},
    {InteractionKind::kExtrasPaid, "extras_paid"},
    {InteractionKind::kExtrasWaived, "extras_waived"},
    {InteractionKind::kLimitationWarning, "limitation_warning"},
};
constexpr EnumText<ReminderOrigin> kReminderOrigins[] = {
    {ReminderOrigin::kLadder, "ladder"},
    {ReminderOrigin::kCallRetry, "call_retry"},
    {ReminderOrigin::kContactFix, "contact_fix"},
    {ReminderOrigin::kInstalment, "instalment"},
};
constexpr EnumText<DisputeState> kDisputeStates[] = {
    {DisputeState::kOpen, "open"},
    {DisputeState::kResolved, "resolved"},
};
constexpr EnumText<DisputeOutcome> kDisputeOutcomes[] = {
    {DisputeOutcome::kCreditNoteIssued, "credit_note_issued"},
    {DisputeOutcome::kInvoiceCorrected, "invoice_corrected"},
    {DisputeOutcome::kClaimRejected, "claim_rejected"},
};
constexpr EnumText<PromiseState> kPromiseStates[] = {
    {PromiseState::kOpen, "open"},
    {PromiseState::kKept, "kept"},
    {PromiseState::kBroken, "broken"},
};
constexpr EnumText<PlanState> kPlanStates[] = {
    {PlanState::kActive, "active"},
    {PlanState::kCompleted, "completed"},
    {PlanState::kBroken, "broken"},
    {PlanState::kCancelled, "cancelled"},
};
constexpr EnumText<InstalmentState> kInstalmentStates[] = {
    {InstalmentState::kPending, "pending"},
    {InstalmentState::kPaid, "paid"},
    {InstalmentState::kMissed, "missed"},
};
constexpr EnumText<CallOutcome> kCallOutcomes[] = {
    {CallOutcome::kReached, "reached"},
    {CallOutcome::kNoAnswer, "no_answer"},
    {CallOutcome::kWrongNumber, "wrong_number"},
    {CallOutcome::kPromise, "promise"},
    {CallOutcome::kDispute, "dispute"},
};

template <typename Enum, size_t N>
absl::string_view ToText(const EnumText<Enum> (&table)[N], Enum value) {
  for (const EnumText<Enum>& entry : table) {
    if (entry.value == value) return entry.text;
  }
  // Unreachable for a valid enumerator; the CHECK constraint rejects the write
  // otherwise.
  return "";
}

template <typename Enum, size_t N>
absl::StatusOr<Enum> FromText(const EnumText<Enum> (&table)[N],
                              absl::string_view text, absl::string_view what) {
  for (const EnumText<Enum>& entry : table) {
    if (entry.text == text) return entry.value;
  }
  return absl::InternalError(
      absl::StrCat("unknown ", what, " '", text, "' in the database"));
}

}  // namespace

long long TimeToColumn(absl::Time time) { return absl::ToUnixMicros(time); }

absl::Time TimeFromColumn(long long micros) {
  return absl::FromUnixMicros(micros);
}

absl::Status CheckStorableDay(absl::CivilDay day, absl::string_view field) {
  if (day.year() < 1 || day.year() > 9999) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " ", absl::FormatCivilTime(day), " is outside years 1 to 9999"));
  }
  return absl::OkStatus();
}

std::string DayToColumn(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<absl::CivilDay> DayFromColumn(absl::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' &&
      absl::SimpleAtoi(text.substr(0, 4), &year) &&
      absl::SimpleAtoi(text.substr(5, 2), &month) &&
      absl::SimpleAtoi(text.substr(8, 2), &day)) {
    absl::CivilDay civil_day(year, month, day);
    // CivilDay normalises 2026-02-30 to 2026-03-02; a stored date must already
    // be normal.
    if (civil_day.year() == year && civil_day.month() == month &&
        civil_day.day() == day) {
      return civil_day;
    }
  }
  return absl::InternalError(
      absl::StrCat("malformed date '", text, "' in the database"));
}

absl::string_view EnumToColumn(ClientKind kind) {
  return ToText(kClientKinds, kind);
}
absl::string_view EnumToColumn(InvoiceStatus status) {
  return ToText(kInvoiceStatuses, status);
}
absl::string_view EnumToColumn(SettlementKind kind) {
  return ToText(kSettlementKinds, kind);
}

absl::string_view EnumToColumn(PaymentMethod method) {
  return ToText(kPaymentMethods, method);
}
absl::string_view EnumToColumn(Channel channel) {
  return ToText(kChannels, channel);
}
absl::string_view EnumToColumn(Actor actor) { return ToText(kActors, actor); }
absl::string_view EnumToColumn(Grouping grouping) {
  return ToText(kGroupings, grouping);
}
absl::string_view EnumToColumn(ReminderState state) {
  return ToText(kReminderStates, state);
}
absl::string_view EnumToColumn(InteractionKind kind) {
  return ToText(kInteractionKinds, kind);
}
absl::string_view EnumToColumn(ReminderOrigin origin) {
  return ToText(kReminderOrigins, origin);
}
absl::string_view EnumToColumn(DisputeState state) {
  return ToText(kDisputeStates, state);
}
absl::string_view EnumToColumn(DisputeOutcome outcome) {
  return ToText(kDisputeOutcomes, outcome);
}
absl::string_view EnumToColumn(PromiseState state) {
  return ToText(kPromiseStates, state);
}
absl::string_view EnumToColumn(PlanState state) {
  return ToText(kPlanStates, state);
}
absl::string_view EnumToColumn(InstalmentState state) {
  return ToText(kInstalmentStates, state);
}
absl::string_view EnumToColumn(CallOutcome outcome) {
  return ToText(kCallOutcomes, outcome);
}

absl::StatusOr<ClientKind> ClientKindFromColumn(absl::string_view text) {
  return FromText(kClientKinds, text, "client kind");
}
absl::StatusOr<InvoiceStatus> InvoiceStatusFromColumn(absl::string_view text) {
  return FromText(kInvoiceStatuses, text, "invoice status");
}
absl::StatusOr<SettlementKind> SettlementKindFromColumn(
    absl::string_view text) {
  return FromText(kSettlementKinds, text, "settlement kind");
}

absl::string_view EnumToColumn(ClaimComponent component) {
  return ToText(kClaimComponents, component);
}

absl::string_view EnumToColumn(ClaimEntryKind kind) {
  return ToText(kClaimEntryKinds, kind);
}

absl::StatusOr<ClaimComponent> ClaimComponentFromColumn(
    absl::string_view text) {
  return FromText(kClaimComponents, text, "claim component");
}

absl::StatusOr<ClaimEntryKind> ClaimEntryKindFromColumn(
    absl::string_view text) {
  return FromText(kClaimEntryKinds, text, "claim entry kind");
}

absl::StatusOr<PaymentMethod> PaymentMethodFromColumn(absl::string_view text) {
  return FromText(kPaymentMethods, text, "payment method");
}
absl::StatusOr<Actor> ActorFromColumn(absl::string_view text) {
  return FromText(kActors, text, "actor");
}
absl::StatusOr<Grouping> GroupingFromColumn(absl::string_view text) {
  return FromText(kGroupings, text, "grouping mode");
}
absl::StatusOr<ReminderState> ReminderStateFromColumn(absl::string_view text) {
  return FromText(kReminderStates, text, "reminder state");
}
absl::StatusOr<InteractionKind> InteractionKindFromColumn(
    absl::string_view text) {
  return FromText(kInteractionKinds, text, "interaction kind");
}
absl::StatusOr<ReminderOrigin> ReminderOriginFromColumn(
    absl::string_view text) {
  return FromText(kReminderOrigins, text, "reminder origin");
}
absl::StatusOr<DisputeState> DisputeStateFromColumn(absl::string_view text) {
  return FromText(kDisputeStates, text, "dispute state");
}
absl::StatusOr<std::optional<DisputeOutcome>> OptionalDisputeOutcomeFromColumn(
    absl::string_view text) {
  if (text.empty()) return std::nullopt;
  absl::StatusOr<DisputeOutcome> outcome =
      FromText(kDisputeOutcomes, text, "dispute outcome");
  if (!outcome.ok()) return outcome.status();
  return *outcome;
}
absl::StatusOr<PromiseState> PromiseStateFromColumn(absl::string_view text) {
  return FromText(kPromiseStates, text, "promise state");
}
absl::StatusOr<PlanState> PlanStateFromColumn(absl::string_view text) {
  return FromText(kPlanStates, text, "plan state");
}
absl::StatusOr<InstalmentState> InstalmentStateFromColumn(
    absl::string_view text) {
  return FromText(kInstalmentStates, text, "instalment state");
}
absl::StatusOr<CallOutcome> CallOutcomeFromColumn(absl::string_view text) {
  return FromText(kCallOutcomes, text, "call outcome");
}
absl::StatusOr<std::optional<Channel>> OptionalChannelFromColumn(
    absl::string_view text) {
  if (text.empty()) return std::nullopt;
  absl::StatusOr<Channel> channel = FromText(kChannels, text, "channel");
  if (!channel.ok()) return channel.status();
  return *channel;
}

std::string ChannelsToColumn(const std::vector<Channel>& channels) {
  std::string text;
  for (Channel channel : channels) {
    if (!text.empty()) text.push_back(',');
    absl::StrAppend(&text, EnumToColumn(channel));
  }
  return text;
}

absl::StatusOr<std::vector<Channel>> ChannelsFromColumn(
    absl::string_view text) {
  std::vector<Channel> channels;
  if (text.empty()) return channels;
  for (absl::string_view name : absl::StrSplit(text, ',')) {
    absl::StatusOr<Channel> channel = FromText(kChannels, name, "channel");
    if (!channel.ok()) return channel.status();
    channels.push_back(*channel);
  }
  return channels;
}

std::string ListToColumn(const std::vector<std::string>& items,
                         char separator) {
  return absl::StrJoin(items, std::string(1, separator));
}

std::vector<std::string> ListFromColumn(absl::string_view text,
                                        char separator) {
  if (text.empty()) return {};
  return absl::StrSplit(text, separator);
}

absl::Status CheckStorableList(const std::vector<std::string>& items,
                               char separator, absl::string_view field) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].empty() || items[i].find(separator) != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, "[", i, "] must not be empty nor hold the separator"));
    }
  }
  return absl::OkStatus();
}

std::string OptionalDayToColumn(const std::optional<absl::CivilDay>& day) {
  return day.has_value() ? DayToColumn(*day) : std::string();
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDayFromColumn(
    absl::string_view text) {
  if (text.empty()) return std::nullopt;
  absl::StatusOr<absl::CivilDay> day = DayFromColumn(text);
  if (!day.ok()) return day.status();
  return *day;
}

absl::Status CheckStorableDay(const std::optional<absl::CivilDay>& day,
                              absl::string_view field) {
  if (!day.has_value()) return absl::OkStatus();
  return CheckStorableDay(*day, field);
}

}  // namespace relance::storage
