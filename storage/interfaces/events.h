#ifndef RELANCE_STORAGE_INTERFACES_EVENTS_H_
#define RELANCE_STORAGE_INTERFACES_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/dunning_records.h"

// The outbox: every state change worth telling writes one event in the
// transaction that makes the change. Events are numbered by a sequence that
// grows in commit order, so a subscriber that remembers the last sequence it
// saw and reads on from there misses nothing and sees nothing twice.
namespace relance::storage {

// Kinds of the events that are not raised by a timeline entry (those take the
// entry kind's column text, "promise_broken").
namespace event_kind {
// An automatic reminder became due.
inline constexpr char kReminderDue[] = "reminder_due";
inline constexpr char kReminderSent[] = "reminder_sent";
inline constexpr char kReminderFailed[] = "reminder_failed";
inline constexpr char kReminderSkipped[] = "reminder_skipped";
// A reminder done by a person (a call, a back-office task) became due.
inline constexpr char kTaskAssigned[] = "task_assigned";
inline constexpr char kTaskDone[] = "task_done";
// Payments and credit notes came to cover the whole invoice.
inline constexpr char kInvoicePaid[] = "invoice_paid";
// A run made due messages whose penalties need a rate the table lacks.
inline constexpr char kRateMissing[] = "rate_missing";
}  // namespace event_kind

struct EventRecord {
  // Assigned when written.
  std::int64_t sequence = 0;
  // An event_kind constant, or an interaction kind's column text.
  std::string kind;
  std::int64_t client_id = 0;
  std::optional<std::int64_t> invoice_id;
  // The timeline entry that raised it, if any.
  std::optional<std::int64_t> interaction_id;
  std::optional<std::int64_t> reminder_id;
  absl::Time occurred_time;

  // The facts of the moment, written with the event (in its payload column).
  // Who did it: a user, a worker, "relanced".
  std::string actor;
  // Who is to act, for a task.
  std::string assignee;
  // The amount concerned; an empty currency for none.
  CurrencyAmount amount;
  // The date concerned (promised date, instalment due date), if any.
  std::optional<absl::CivilDay> day;
  // A few words the kind alone does not say: the step, the channels, why a
  // reminder was skipped or failed, a note's first line.
  std::string detail;

  // Read with the event, as they are now; ignored when writing.
  std::string client_name;
  std::string client_owner;
  std::string invoice_number;
};

struct EventFilter {
  // Events with a greater sequence.
  std::int64_t after_sequence = 0;
  // And at most this one, if set.
  std::optional<std::int64_t> up_to_sequence;
  // Events of these clients; all clients when empty.
  std::vector<std::int64_t> client_ids;
  // Events of the clients whose owner this is now, if set.
  std::optional<std::string> owner;
  // Kinds' texts; all kinds when empty.
  std::vector<std::string> kinds;
};

// Every method may return UNAVAILABLE and INTERNAL like any repository.
class EventRepository {
 public:
  virtual ~EventRepository() = default;

  // At most `limit` events matching `filter`, in sequence order, with their
  // client's name and owner and their invoice's number.
  // INVALID_ARGUMENT for a limit below 1.
  virtual absl::StatusOr<std::vector<EventRecord>> List(
      const EventFilter& filter, int limit) = 0;

  // The greatest sequence written so far; 0 when there is none.
  virtual absl::StatusOr<std::int64_t> LastSequence() = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_EVENTS_H_
