#ifndef RELANCE_STORAGE_EVENT_PAYLOAD_H_
#define RELANCE_STORAGE_EVENT_PAYLOAD_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/events.h"

// The events table keeps an event's facts of the moment (actor, assignee,
// amount, date, detail) as one JSON object, so that kinds with new facts need
// no migration.
namespace relance::storage {

// The payload column of `event`: only the facts that are set.
std::string EncodeEventPayload(const EventRecord& event);

// Sets the facts of `event` from a payload column. Unknown members are
// ignored (a newer server may write more). INTERNAL for text that is not a
// JSON object or members of the wrong type.
absl::Status DecodeEventPayload(absl::string_view payload, EventRecord* event);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_EVENT_PAYLOAD_H_
