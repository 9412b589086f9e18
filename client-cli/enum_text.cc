#include "client-cli/enum_text.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace relance::cli {

std::optional<v1::ClientKind> ParseClientKind(absl::string_view text) {
  if (absl::EqualsIgnoreCase(text, "b2b")) return v1::CLIENT_KIND_B2B;
  if (absl::EqualsIgnoreCase(text, "b2c")) return v1::CLIENT_KIND_B2C;
  return std::nullopt;
}

absl::string_view ClientKindName(v1::ClientKind kind) {
  switch (kind) {
    case v1::CLIENT_KIND_B2B:
      return "b2b";
    case v1::CLIENT_KIND_B2C:
      return "b2c";
    default:
      return "";
  }
}

std::optional<v1::InvoiceStatus> ParseInvoiceStatus(absl::string_view text) {
  if (absl::EqualsIgnoreCase(text, "open")) return v1::INVOICE_STATUS_OPEN;
  if (absl::EqualsIgnoreCase(text, "paid")) return v1::INVOICE_STATUS_PAID;
  if (absl::EqualsIgnoreCase(text, "cancelled")) {
    return v1::INVOICE_STATUS_CANCELLED;
  }
  return std::nullopt;
}

absl::string_view InvoiceStatusName(v1::InvoiceStatus status) {
  switch (status) {
    case v1::INVOICE_STATUS_OPEN:
      return "open";
    case v1::INVOICE_STATUS_PAID:
      return "paid";
    case v1::INVOICE_STATUS_CANCELLED:
      return "cancelled";
    default:
      return "";
  }
}

}  // namespace relance::cli

namespace relance::cli {
namespace {

// One enum's values and their names, unspecified left out.
template <typename Enum>
struct EnumName {
  Enum value;
  absl::string_view name;
};

constexpr EnumName<v1::PaymentMethod> kPaymentMethods[] = {
    {v1::PAYMENT_METHOD_TRANSFER, "transfer"},
    {v1::PAYMENT_METHOD_DIRECT_DEBIT, "direct_debit"},
    {v1::PAYMENT_METHOD_CARD, "card"},
    {v1::PAYMENT_METHOD_CHEQUE, "cheque"}};

constexpr EnumName<v1::Channel> kChannels[] = {
    {v1::CHANNEL_EMAIL, "email"},
    {v1::CHANNEL_LETTER, "letter"},
    {v1::CHANNEL_REGISTERED_LETTER, "registered_letter"},
    {v1::CHANNEL_SMS, "sms"},
    {v1::CHANNEL_PHONE, "phone"}};

constexpr EnumName<v1::Actor> kActors[] = {
    {v1::ACTOR_AUTOMATIC, "automatic"},
    {v1::ACTOR_OWNER, "owner"},
    {v1::ACTOR_BACK_OFFICE, "back_office"}};

constexpr EnumName<v1::Grouping> kGroupings[] = {
    {v1::GROUPING_PER_INVOICE, "per_invoice"},
    {v1::GROUPING_PER_CLIENT, "per_client"}};

constexpr EnumName<v1::ReminderState> kReminderStates[] = {
    {v1::REMINDER_STATE_SCHEDULED, "scheduled"},
    {v1::REMINDER_STATE_DUE, "due"},
    {v1::REMINDER_STATE_SENDING, "sending"},
    {v1::REMINDER_STATE_SENT, "sent"},
    {v1::REMINDER_STATE_DONE, "done"},
    {v1::REMINDER_STATE_SKIPPED, "skipped"},
    {v1::REMINDER_STATE_FAILED, "failed"},
    {v1::REMINDER_STATE_CANCELLED, "cancelled"}};

constexpr EnumName<v1::DunningAction::Kind> kActionKinds[] = {
    {v1::DunningAction::KIND_SCHEDULE, "schedule"},
    {v1::DunningAction::KIND_DUE, "due"},
    {v1::DunningAction::KIND_SKIP, "skip"},
    {v1::DunningAction::KIND_HOLD, "hold"},
    {v1::DunningAction::KIND_CANCEL, "cancel"}};

constexpr EnumName<v1::EntryKind> kEntryKinds[] = {
    {v1::ENTRY_KIND_MESSAGE_SENT, "message sent"},
    {v1::ENTRY_KIND_INBOUND_EMAIL, "inbound email"},
    {v1::ENTRY_KIND_INBOUND_LETTER, "inbound letter"},
    {v1::ENTRY_KIND_CALL, "call"},
    {v1::ENTRY_KIND_NOTE, "note"},
    {v1::ENTRY_KIND_DISPUTE_OPENED, "dispute opened"},
    {v1::ENTRY_KIND_DISPUTE_COMMENTED, "dispute commented"},
    {v1::ENTRY_KIND_DISPUTE_RESOLVED, "dispute resolved"},
    {v1::ENTRY_KIND_DISPUTE_DEADLINE_PASSED, "dispute deadline passed"},
    {v1::ENTRY_KIND_PROMISE_MADE, "promise made"},
    {v1::ENTRY_KIND_PROMISE_KEPT, "promise kept"},
    {v1::ENTRY_KIND_PROMISE_BROKEN, "promise broken"},
    {v1::ENTRY_KIND_PLAN_CREATED, "plan created"},
    {v1::ENTRY_KIND_INSTALMENT_PAID, "instalment paid"},
    {v1::ENTRY_KIND_INSTALMENT_MISSED, "instalment missed"},
    {v1::ENTRY_KIND_PLAN_COMPLETED, "plan completed"},
    {v1::ENTRY_KIND_PLAN_BROKEN, "plan broken"},
    {v1::ENTRY_KIND_PLAN_CANCELLED, "plan cancelled"},
    {v1::ENTRY_KIND_PAYMENT_RECEIVED, "payment received"},
    {v1::ENTRY_KIND_CREDIT_NOTE_RECORDED, "credit note recorded"},
    {v1::ENTRY_KIND_HAND_OVER, "hand over"},
    {v1::ENTRY_KIND_CLIENT_BLOCKED, "client blocked"},
    {v1::ENTRY_KIND_CLIENT_UNBLOCKED, "client unblocked"},
    {v1::ENTRY_KIND_LETTER_POSTED, "letter posted"},
    {v1::ENTRY_KIND_LETTER_ACKNOWLEDGED, "letter acknowledged"},
    {v1::ENTRY_KIND_LIMITATION_WARNING, "limitation warning"},
    {v1::ENTRY_KIND_EXTRAS_PAID, "extras paid"},
    {v1::ENTRY_KIND_EXTRAS_WAIVED, "extras waived"}};

constexpr EnumName<v1::CallOutcome> kCallOutcomes[] = {
    {v1::CALL_OUTCOME_REACHED, "reached"},
    {v1::CALL_OUTCOME_NO_ANSWER, "no-answer"},
    {v1::CALL_OUTCOME_WRONG_NUMBER, "wrong-number"},
    {v1::CALL_OUTCOME_PROMISE, "promise"},
    {v1::CALL_OUTCOME_DISPUTE, "dispute"}};

constexpr EnumName<v1::DisputeState> kDisputeStates[] = {
    {v1::DISPUTE_STATE_OPEN, "open"}, {v1::DISPUTE_STATE_RESOLVED, "resolved"}};

constexpr EnumName<v1::DisputeOutcome> kDisputeOutcomes[] = {
    {v1::DISPUTE_OUTCOME_CREDIT_NOTE_ISSUED, "credit-note"},
    {v1::DISPUTE_OUTCOME_INVOICE_CORRECTED, "invoice-corrected"},
    {v1::DISPUTE_OUTCOME_CLAIM_REJECTED, "claim-rejected"}};

constexpr EnumName<v1::PromiseState> kPromiseStates[] = {
    {v1::PROMISE_STATE_OPEN, "open"},
    {v1::PROMISE_STATE_KEPT, "kept"},
    {v1::PROMISE_STATE_BROKEN, "broken"}};

constexpr EnumName<v1::PlanState> kPlanStates[] = {
    {v1::PLAN_STATE_ACTIVE, "active"},
    {v1::PLAN_STATE_COMPLETED, "completed"},
    {v1::PLAN_STATE_BROKEN, "broken"},
    {v1::PLAN_STATE_CANCELLED, "cancelled"}};

constexpr EnumName<v1::InstalmentState> kInstalmentStates[] = {
    {v1::INSTALMENT_STATE_PENDING, "pending"},
    {v1::INSTALMENT_STATE_PAID, "paid"},
    {v1::INSTALMENT_STATE_MISSED, "missed"}};

// The events that no timeline entry raises; the others share the numbers and
// names of the entry kinds.
constexpr EnumName<v1::EventKind> kOwnEventKinds[] = {
    {v1::EVENT_KIND_REMINDER_DUE, "reminder due"},
    {v1::EVENT_KIND_REMINDER_SENT, "reminder sent"},
    {v1::EVENT_KIND_REMINDER_FAILED, "reminder failed"},
    {v1::EVENT_KIND_REMINDER_SKIPPED, "reminder skipped"},
    {v1::EVENT_KIND_TASK_ASSIGNED, "task assigned"},
    {v1::EVENT_KIND_TASK_DONE, "task done"},
    {v1::EVENT_KIND_INVOICE_PAID, "invoice paid"},
    {v1::EVENT_KIND_RATE_MISSING, "rate missing"}};

// Lower case, with one space between words whatever separated them.
std::string SpacedWords(absl::string_view text) {
  std::string words;
  for (char c : text) {
    words += (c == '-' || c == '_') ? ' ' : absl::ascii_tolower(c);
  }
  return words;
}

// As ParseName, with a space, a hyphen or an underscore between words alike.
template <typename Enum, std::size_t N>
std::optional<Enum> ParseWords(const EnumName<Enum> (&names)[N],
                               absl::string_view text) {
  const std::string words = SpacedWords(text);
  for (const EnumName<Enum>& entry : names) {
    if (SpacedWords(entry.name) == words) return entry.value;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(const EnumName<Enum> (&names)[N],
                              absl::string_view text) {
  for (const EnumName<Enum>& entry : names) {
    if (absl::EqualsIgnoreCase(text, entry.name)) return entry.value;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
absl::string_view NameOf(const EnumName<Enum> (&names)[N], Enum value) {
  for (const EnumName<Enum>& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return "";
}

template <typename Enum, std::size_t N>
std::vector<std::string> AllNames(const EnumName<Enum> (&names)[N]) {
  std::vector<std::string> all;
  for (const EnumName<Enum>& entry : names) all.emplace_back(entry.name);
  return all;
}

}  // namespace

std::optional<v1::PaymentMethod> ParsePaymentMethod(absl::string_view text) {
  return ParseName(kPaymentMethods, text);
}
absl::string_view PaymentMethodName(v1::PaymentMethod method) {
  return NameOf(kPaymentMethods, method);
}

std::optional<v1::Channel> ParseChannel(absl::string_view text) {
  return ParseName(kChannels, text);
}
absl::string_view ChannelName(v1::Channel channel) {
  return NameOf(kChannels, channel);
}

std::optional<v1::Actor> ParseActor(absl::string_view text) {
  return ParseName(kActors, text);
}
absl::string_view ActorName(v1::Actor actor) { return NameOf(kActors, actor); }

std::optional<v1::Grouping> ParseGrouping(absl::string_view text) {
  return ParseName(kGroupings, text);
}
absl::string_view GroupingName(v1::Grouping grouping) {
  return NameOf(kGroupings, grouping);
}

std::optional<v1::ReminderState> ParseReminderState(absl::string_view text) {
  return ParseName(kReminderStates, text);
}
absl::string_view ReminderStateName(v1::ReminderState state) {
  return NameOf(kReminderStates, state);
}

absl::string_view DunningActionKindName(v1::DunningAction::Kind kind) {
  return NameOf(kActionKinds, kind);
}

std::vector<std::string> ChannelNames() { return AllNames(kChannels); }
std::vector<std::string> ActorNames() { return AllNames(kActors); }
std::vector<std::string> GroupingNames() { return AllNames(kGroupings); }
std::vector<std::string> ReminderStateNames() {
  return AllNames(kReminderStates);
}

std::optional<v1::EntryKind> ParseEntryKind(absl::string_view text) {
  return ParseWords(kEntryKinds, text);
}
absl::string_view EntryKindName(v1::EntryKind kind) {
  return NameOf(kEntryKinds, kind);
}

std::optional<v1::CallOutcome> ParseCallOutcome(absl::string_view text) {
  return ParseWords(kCallOutcomes, text);
}
absl::string_view CallOutcomeName(v1::CallOutcome outcome) {
  return NameOf(kCallOutcomes, outcome);
}

std::optional<v1::DisputeState> ParseDisputeState(absl::string_view text) {
  return ParseWords(kDisputeStates, text);
}
absl::string_view DisputeStateName(v1::DisputeState state) {
  return NameOf(kDisputeStates, state);
}

std::optional<v1::DisputeOutcome> ParseDisputeOutcome(absl::string_view text) {
  return ParseWords(kDisputeOutcomes, text);
}
absl::string_view DisputeOutcomeName(v1::DisputeOutcome outcome) {
  return NameOf(kDisputeOutcomes, outcome);
}

std::optional<v1::PromiseState> ParsePromiseState(absl::string_view text) {
  return ParseWords(kPromiseStates, text);
}
absl::string_view PromiseStateName(v1::PromiseState state) {
  return NameOf(kPromiseStates, state);
}

std::optional<v1::PlanState> ParsePlanState(absl::string_view text) {
  return ParseWords(kPlanStates, text);
}
absl::string_view PlanStateName(v1::PlanState state) {
  return NameOf(kPlanStates, state);
}

absl::string_view InstalmentStateName(v1::InstalmentState state) {
  return NameOf(kInstalmentStates, state);
}

std::vector<std::string> EntryKindFlagNames() {
  std::vector<std::string> names;
  for (const EnumName<v1::EntryKind>& entry : kEntryKinds) {
    std::string name(entry.name);
    std::replace(name.begin(), name.end(), ' ', '-');
    names.push_back(std::move(name));
  }
  return names;
}
std::optional<v1::EventKind> ParseEventKind(absl::string_view text) {
  if (const std::optional<v1::EntryKind> entry = ParseEntryKind(text)) {
    return static_cast<v1::EventKind>(*entry);
  }
  return ParseWords(kOwnEventKinds, text);
}
absl::string_view EventKindName(v1::EventKind kind) {
  const absl::string_view own = NameOf(kOwnEventKinds, kind);
  if (!own.empty() || !v1::EntryKind_IsValid(kind)) return own;
  return EntryKindName(static_cast<v1::EntryKind>(kind));
}
std::vector<std::string> EventKindFlagNames() {
  std::vector<std::string> names = EntryKindFlagNames();
  for (const EnumName<v1::EventKind>& entry : kOwnEventKinds) {
    std::string name(entry.name);
    std::replace(name.begin(), name.end(), ' ', '-');
    names.push_back(std::move(name));
  }
  return names;
}

std::vector<std::string> CallOutcomeNames() { return AllNames(kCallOutcomes); }
std::vector<std::string> DisputeStateNames() {
  return AllNames(kDisputeStates);
}
std::vector<std::string> DisputeOutcomeNames() {
  return AllNames(kDisputeOutcomes);
}
std::vector<std::string> PromiseStateNames() {
  return AllNames(kPromiseStates);
}
std::vector<std::string> PlanStateNames() { return AllNames(kPlanStates); }

}  // namespace relance::cli
