#ifndef RELANCE_STORAGE_EVENTS_H_
#define RELANCE_STORAGE_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

// The outbox: every state change worth telling writes one event in the
// transaction that makes the change. Events are numbered by a sequence that
// grows in commit order, so a subscriber that remembers the last sequence it
// saw and reads on from there misses nothing and sees nothing twice.
namespace relance::storage {

struct EventRecord {
  // Assigned when written.
  std::int64_t sequence = 0;
  // The kind's text: an interaction kind's column text ("promise_broken") for
  // events raised by timeline entries.
  std::string kind;
  std::int64_t client_id = 0;
  std::optional<std::int64_t> invoice_id;
  // The timeline entry that raised it, if any.
  std::optional<std::int64_t> interaction_id;
  std::optional<std::int64_t> reminder_id;
  absl::Time occurred_time;
  // The event's facts as a JSON object.
  std::string payload = "{}";
};

struct EventFilter {
  // Events with a greater sequence.
  std::int64_t after_sequence = 0;
  std::optional<std::int64_t> client_id;
  // Kinds' texts; all kinds when empty.
  std::vector<std::string> kinds;
};

// Every method may return UNAVAILABLE and INTERNAL like any repository.
class EventRepository {
 public:
  virtual ~EventRepository() = default;

  // At most `limit` events matching `filter`, in sequence order.
  // INVALID_ARGUMENT for a limit below 1.
  virtual absl::StatusOr<std::vector<EventRecord>> List(
      const EventFilter& filter, int limit) = 0;

  // The greatest sequence written so far; 0 when there is none.
  virtual absl::StatusOr<std::int64_t> LastSequence() = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_EVENTS_H_
