#ifndef RELANCE_SERVER_DOMAIN_REMINDERS_H_
#define RELANCE_SERVER_DOMAIN_REMINDERS_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/dispatch.h"
#include "server/domain/policies.h"
#include "storage/base/clock.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/dunning_repositories.h"

namespace relance {

// Reminders and tasks as people handle them. Manual and automatic actions
// write the same reminder, so they share one history: a step sent by hand is
// the step, and the engine never sends it again. Besides the errors named,
// every method may return the storage errors UNAVAILABLE and INTERNAL.
class Reminders {
 public:
  Reminders(storage::DunningRepository* repository, Policies* policies,
            Dispatcher* dispatcher, Clock* clock)
      : repository_(repository),
        policies_(policies),
        dispatcher_(dispatcher),
        clock_(clock) {}

  // NOT_FOUND.
  absl::StatusOr<storage::ReminderRecord> Get(std::int64_t id);
  absl::StatusOr<storage::Page<storage::ReminderRecord>> List(
      const storage::ReminderFilter& filter, const storage::PageRequest& page);

  // Marks a due task done, keeping `outcome`; `actor` (a user name) is who
  // did it, in its event, here and below. NOT_FOUND; FAILED_PRECONDITION for
  // a reminder that is not a due task.
  absl::StatusOr<storage::ReminderRecord> Complete(std::int64_t id,
                                                   absl::string_view outcome,
                                                   absl::string_view actor);
  // Skips a scheduled or due reminder; the ladder goes on. INVALID_ARGUMENT
  // (field "reason") without a reason; NOT_FOUND; FAILED_PRECONDITION in
  // another state.
  absl::StatusOr<storage::ReminderRecord> Skip(std::int64_t id,
                                               absl::string_view reason,
                                               absl::string_view actor);
  // Carries out a scheduled or due reminder now: it becomes due today (a task
  // for its assignee) and, when its channels have adapters, is sent at once.
  // NOT_FOUND; FAILED_PRECONDITION in another state, or when the invoice no
  // longer qualifies (the reason says why).
  absl::StatusOr<storage::ReminderRecord> SendNow(std::int64_t id,
                                                  absl::string_view actor);

 private:
  storage::DunningRepository* repository_;
  Policies* policies_;
  Dispatcher* dispatcher_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_REMINDERS_H_
