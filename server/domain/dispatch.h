#ifndef RELANCE_SERVER_DOMAIN_DISPATCH_H_
#define RELANCE_SERVER_DOMAIN_DISPATCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/clock.h"
#include "server/domain/business_calendar.h"
#include "server/domain/dunning_engine.h"
#include "server/domain/policies.h"
#include "storage/dunning_records.h"
#include "storage/dunning_repositories.h"
#include "storage/interactions.h"

// The boundary between the engine and the channels. The engine makes reminders
// due; the dispatcher claims each one in a transaction that checks again that
// the invoice still qualifies (a payment may have arrived since), hands it to
// the adapter of each of its channels, and records the outcome.
namespace relance {

// One message: a reminder, or the reminders of one client grouped at the same
// step on the same day, with what each was claimed with.
struct DispatchItem {
  std::string group_key;
  std::vector<storage::ReminderContext> reminders;
};

// Delivers messages on one channel (email, letter, SMS). Thread-safe.
class ChannelAdapter {
 public:
  virtual ~ChannelAdapter() = default;
  // Delivers `item` on `channel` and returns exactly what was sent: the
  // recipients, subject, bodies, document and Message-ID of an interaction
  // log entry (the dispatcher fills in the rest). Sending the same item again
  // must produce the same message, with the same Message-ID. UNAVAILABLE or
  // DEADLINE_EXCEEDED for a transient failure, retried later; any other error
  // is final and fails the reminder.
  virtual absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) = 0;
};

using ChannelAdapters = absl::flat_hash_map<storage::Channel, ChannelAdapter*>;

class Dispatcher final : public ReminderDispatcher {
 public:
  // `worker` names this process in claims (host and pid); `adapters` may be
  // empty, and reminders on channels without an adapter then wait, due.
  Dispatcher(storage::DunningRepository* repository,
             storage::InteractionRepository* log, Policies* policies,
             Clock* clock, std::string worker, ChannelAdapters adapters,
             absl::Duration claim_lease = absl::Minutes(5),
             absl::Duration retry_delay = absl::Minutes(10));

  void DispatchPending() override;

  // Sends the due reminders whose channels all have an adapter, and those
  // whose claim by a dead worker expired: each at most once. Returns how many
  // were sent. Storage errors.
  absl::StatusOr<int> DispatchAll();

  // Whether every channel of `reminder` has an adapter.
  bool CanSend(const storage::ReminderRecord& reminder) const;

  // Sends one reminder if it is dispatchable and its channels have adapters;
  // returns it as it is after. NOT_FOUND.
  absl::StatusOr<storage::ReminderRecord> DispatchOne(std::int64_t id);

 private:
  absl::StatusOr<int> DispatchPass(const PolicyBook& book);
  // Claims the reminder; nullopt when it is not to be sent now (another
  // worker holds it or its invoice, an earlier step is pending, it no longer
  // qualifies).
  absl::StatusOr<std::optional<storage::ReminderContext>> Claim(
      std::int64_t id, const PolicyBook& book);
  // What the channels of an item sent before the first failure, if any. A
  // channel that already sent the item on an earlier attempt (which then
  // failed on another channel) is not sent again.
  struct Delivery {
    std::vector<storage::InteractionRecord> sent;
    absl::Status outcome;
  };
  Delivery Deliver(const DispatchItem& item);
  // Records the outcome of `delivery` on the item's reminders, with what was
  // sent, in one transaction; returns how many reminders are now sent.
  absl::StatusOr<int> Finish(const DispatchItem& item, Delivery delivery);

  storage::DunningRepository* repository_;
  storage::InteractionRepository* log_;
  Policies* policies_;
  Clock* clock_;
  std::string worker_;
  ChannelAdapters adapters_;
  absl::Duration claim_lease_;
  absl::Duration retry_delay_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_DISPATCH_H_
