#ifndef RELANCE_SERVER_API_DUNNING_CONVERSIONS_H_
#define RELANCE_SERVER_API_DUNNING_CONVERSIONS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "relance/v1/dunning.pb.h"
#include "relance/v1/policy.pb.h"
#include "server/domain/dunning_engine.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/interactions.h"

// Between the dunning messages and the domain's records.
namespace relance::api {

v1::Channel ChannelToProto(storage::Channel channel);
void ToProto(const storage::PolicyRecord& record, v1::Policy* out);
void ToProto(const storage::ReminderRecord& record, v1::Reminder* out);
void ToProto(const DunningAction& action, v1::DunningAction* out);
// A message of a reminder, from its interaction log entry (`sent`) or a
// preview.
void ToProto(const storage::InteractionRecord& entry, bool sent,
             v1::ReminderMessage* out);

// `id`, `is_default`, `etag` and the times are ignored. INVALID_ARGUMENT naming
// the fields that cannot be read (send_window_start, send_window_end, an
// unspecified channel, a fee without an amount); the rest is NormalizePolicy's.
absl::StatusOr<storage::PolicyRecord> PolicyFromProto(const v1::Policy& policy);

// nullopt for UNSPECIFIED.
std::optional<storage::ReminderState> ReminderStateFromProto(
    v1::ReminderState state);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_DUNNING_CONVERSIONS_H_
