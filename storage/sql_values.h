#ifndef RELANCE_STORAGE_SQL_VALUES_H_
#define RELANCE_STORAGE_SQL_VALUES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/workflow.h"

// How record values are written in the database, both dialects alike (see the
// conventions at the top of migrations/*/0001_initial.sql).
namespace relance::storage {

// Instants are microseconds since the Unix epoch, UTC; anything finer is
// truncated.
long long TimeToColumn(absl::Time time);
absl::Time TimeFromColumn(long long micros);

// Days are 'YYYY-MM-DD'. Only years 1 to 9999 keep text order equal to date
// order. INVALID_ARGUMENT, naming `field`, for a day outside that range.
absl::Status CheckStorableDay(absl::CivilDay day, absl::string_view field);
std::string DayToColumn(absl::CivilDay day);
// INTERNAL if `text` is not a date written by DayToColumn.
absl::StatusOr<absl::CivilDay> DayFromColumn(absl::string_view text);

absl::string_view EnumToColumn(ClientKind kind);
absl::string_view EnumToColumn(InvoiceStatus status);
absl::string_view EnumToColumn(SettlementKind kind);
absl::string_view EnumToColumn(ClaimComponent component);
absl::string_view EnumToColumn(ClaimEntryKind kind);
absl::string_view EnumToColumn(PaymentMethod method);
absl::string_view EnumToColumn(Channel channel);
absl::string_view EnumToColumn(Actor actor);
absl::string_view EnumToColumn(Grouping grouping);
absl::string_view EnumToColumn(ReminderState state);
absl::string_view EnumToColumn(InteractionKind kind);
absl::string_view EnumToColumn(ReminderOrigin origin);
absl::string_view EnumToColumn(DisputeState state);
absl::string_view EnumToColumn(DisputeOutcome outcome);
absl::string_view EnumToColumn(PromiseState state);
absl::string_view EnumToColumn(PlanState state);
absl::string_view EnumToColumn(InstalmentState state);
absl::string_view EnumToColumn(CallOutcome outcome);
// INTERNAL for text no enum value is written as.
absl::StatusOr<ClientKind> ClientKindFromColumn(absl::string_view text);
absl::StatusOr<InvoiceStatus> InvoiceStatusFromColumn(absl::string_view text);
absl::StatusOr<SettlementKind> SettlementKindFromColumn(absl::string_view text);
absl::StatusOr<ClaimComponent> ClaimComponentFromColumn(absl::string_view text);
absl::StatusOr<ClaimEntryKind> ClaimEntryKindFromColumn(absl::string_view text);
absl::StatusOr<PaymentMethod> PaymentMethodFromColumn(absl::string_view text);
absl::StatusOr<Actor> ActorFromColumn(absl::string_view text);
absl::StatusOr<Grouping> GroupingFromColumn(absl::string_view text);
absl::StatusOr<ReminderState> ReminderStateFromColumn(absl::string_view text);
absl::StatusOr<InteractionKind> InteractionKindFromColumn(
    absl::string_view text);
absl::StatusOr<ReminderOrigin> ReminderOriginFromColumn(absl::string_view text);
absl::StatusOr<DisputeState> DisputeStateFromColumn(absl::string_view text);
// "" is no outcome (an open dispute).
absl::StatusOr<std::optional<DisputeOutcome>> OptionalDisputeOutcomeFromColumn(
    absl::string_view text);
absl::StatusOr<PromiseState> PromiseStateFromColumn(absl::string_view text);
absl::StatusOr<PlanState> PlanStateFromColumn(absl::string_view text);
absl::StatusOr<InstalmentState> InstalmentStateFromColumn(
    absl::string_view text);
absl::StatusOr<CallOutcome> CallOutcomeFromColumn(absl::string_view text);
// "" is no channel.
absl::StatusOr<std::optional<Channel>> OptionalChannelFromColumn(
    absl::string_view text);

// A list of channels is their names joined by commas, in order; "" for none.
std::string ChannelsToColumn(const std::vector<Channel>& channels);
// INTERNAL for a name no channel is written as.
absl::StatusOr<std::vector<Channel>> ChannelsFromColumn(absl::string_view text);

// A list of texts is its items joined by `separator`; "" for none. So that the
// list reads back the same, no item may be empty or hold the separator
// (CheckStorableList).
std::string ListToColumn(const std::vector<std::string>& items, char separator);
std::vector<std::string> ListFromColumn(absl::string_view text, char separator);
// INVALID_ARGUMENT, naming `field`, for an item ListToColumn cannot write so
// that it reads back the same.
absl::Status CheckStorableList(const std::vector<std::string>& items,
                               char separator, absl::string_view field);

// An optional day is its date, or "" when unset.
std::string OptionalDayToColumn(const std::optional<absl::CivilDay>& day);
absl::StatusOr<std::optional<absl::CivilDay>> OptionalDayFromColumn(
    absl::string_view text);
// INVALID_ARGUMENT, naming `field`, for a set day outside years 1 to 9999.
absl::Status CheckStorableDay(const std::optional<absl::CivilDay>& day,
                              absl::string_view field);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_SQL_VALUES_H_
