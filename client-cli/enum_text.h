#ifndef RELANCE_CLIENT_CLI_ENUM_TEXT_H_
#define RELANCE_CLIENT_CLI_ENUM_TEXT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "relance/v1/client.pb.h"
#include "relance/v1/collections.pb.h"
#include "relance/v1/dunning.pb.h"
#include "relance/v1/interaction.pb.h"
#include "relance/v1/invoice.pb.h"
#include "relance/v1/notification.pb.h"
#include "relance/v1/policy.pb.h"

// The words users type and read for the API's enums ("b2b", "open"), in one
// place so that flags, CSV import and output agree.
namespace relance::cli {

// Case-insensitive; nullopt for anything but b2b / b2c.
std::optional<v1::ClientKind> ParseClientKind(absl::string_view text);
// "b2b", "b2c", or "" when unspecified.
absl::string_view ClientKindName(v1::ClientKind kind);

// Case-insensitive; nullopt for anything but open / paid / cancelled.
std::optional<v1::InvoiceStatus> ParseInvoiceStatus(absl::string_view text);
// "open", "paid", "cancelled", or "" when unspecified.
absl::string_view InvoiceStatusName(v1::InvoiceStatus status);

// transfer, direct_debit, card, cheque; case-insensitive.
std::optional<v1::PaymentMethod> ParsePaymentMethod(absl::string_view text);
absl::string_view PaymentMethodName(v1::PaymentMethod method);

// Dunning policies and reminders. Each Parse* is case-insensitive and returns
// nullopt for anything but the names its *Name counterpart writes; each *Name
// returns "" for the unspecified value.

// email, letter, registered_letter, sms, phone.
std::optional<v1::Channel> ParseChannel(absl::string_view text);
absl::string_view ChannelName(v1::Channel channel);

// automatic, owner, back_office.
std::optional<v1::Actor> ParseActor(absl::string_view text);
absl::string_view ActorName(v1::Actor actor);

// per_invoice, per_client.
std::optional<v1::Grouping> ParseGrouping(absl::string_view text);
absl::string_view GroupingName(v1::Grouping grouping);

// scheduled, due, sending, sent, done, skipped, failed, cancelled.
std::optional<v1::ReminderState> ParseReminderState(absl::string_view text);
absl::string_view ReminderStateName(v1::ReminderState state);

// schedule, due, skip, hold, cancel.
absl::string_view DunningActionKindName(v1::DunningAction::Kind kind);

// Every name the Parse* functions above accept, in enum order, for help texts
// and flag checks.
std::vector<std::string> ChannelNames();
std::vector<std::string> ActorNames();
std::vector<std::string> GroupingNames();
std::vector<std::string> ReminderStateNames();

// The collections workflow. Names of several words are written with hyphens
// ("no-answer", "claim-rejected") as flags take them, except timeline entry
// kinds, which read as words ("message sent", "promise broken"). Each Parse*
// is case-insensitive and takes a space, a hyphen or an underscore between
// words alike; each *Name returns "" for the unspecified value.

// message sent, inbound email, ..., client unblocked.
std::optional<v1::EntryKind> ParseEntryKind(absl::string_view text);
absl::string_view EntryKindName(v1::EntryKind kind);

// reached, no-answer, wrong-number, promise, dispute.
std::optional<v1::CallOutcome> ParseCallOutcome(absl::string_view text);
absl::string_view CallOutcomeName(v1::CallOutcome outcome);

// open, resolved.
std::optional<v1::DisputeState> ParseDisputeState(absl::string_view text);
absl::string_view DisputeStateName(v1::DisputeState state);

// credit-note, invoice-corrected, claim-rejected.
std::optional<v1::DisputeOutcome> ParseDisputeOutcome(absl::string_view text);
absl::string_view DisputeOutcomeName(v1::DisputeOutcome outcome);

// open, kept, broken.
std::optional<v1::PromiseState> ParsePromiseState(absl::string_view text);
absl::string_view PromiseStateName(v1::PromiseState state);

// active, completed, broken, cancelled.
std::optional<v1::PlanState> ParsePlanState(absl::string_view text);
absl::string_view PlanStateName(v1::PlanState state);

// pending, paid, missed.
absl::string_view InstalmentStateName(v1::InstalmentState state);

// Entry kinds with hyphens ("message-sent"), as --kind takes them.
std::vector<std::string> EntryKindFlagNames();
std::vector<std::string> CallOutcomeNames();
std::vector<std::string> DisputeStateNames();
std::vector<std::string> DisputeOutcomeNames();
std::vector<std::string> PromiseStateNames();
std::vector<std::string> PlanStateNames();

// Live events (relance watch): the timeline entry kinds, then reminder due,
// reminder sent, reminder failed, reminder skipped, task assigned, task done,
// invoice paid. Read as words, typed with hyphens like the entry kinds.
std::optional<v1::EventKind> ParseEventKind(absl::string_view text);
absl::string_view EventKindName(v1::EventKind kind);
// With hyphens ("promise-broken", "reminder-due"), as --kinds takes them.
std::vector<std::string> EventKindFlagNames();

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_ENUM_TEXT_H_
