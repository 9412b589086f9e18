#include "client-cli/enum_text.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

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

}  // namespace relance::cli
