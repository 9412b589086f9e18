#ifndef RELANCE_SERVER_DOMAIN_DISPATCH_H_
#define RELANCE_SERVER_DOMAIN_DISPATCH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/domain/business_calendar.h"
#include "server/domain/dunning_engine.h"
#include "server/domain/policies.h"
#include "storage/base/clock.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/interactions.h"

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

// "email", "letter", "registered letter", "SMS", "phone call".
absl::string_view ChannelName(storage::Channel channel);

// Why a reminder waits behind `earlier`, a lower step of its invoice still
// due or being sent: "waiting for reminder 12 ('phone_call', a task for
// alice) to be carried out first".
std::string WaitingFor(const storage::ReminderRecord& earlier);

// Why a step ranked at or below `rank`, which the debtor already received, is
// not carried out.
std::string AlreadyReceived(std::int32_t rank);

// Why a step waits for the end of the minimum gap, `not_before`, after the
// invoice's latest ladder message.
std::string HeldByGap(const storage::ReminderContext& context,
                      absl::Time not_before);

// When the minimum gap of `step` (null: a step since removed, one day) after
// the invoice's latest ladder message, in real time, ends; nullopt when
// nothing was carried out yet.
std::optional<absl::Time> GapEnd(const storage::ReminderContext& context,
                                 const storage::PolicyStepRecord* step);

class Dispatcher final : public ReminderDispatcher {
 public:
  // `worker` names this process in claims (host and pid); `adapters` may be
  // empty, and reminders on channels without an adapter then wait, due.
  Dispatcher(storage::DunningRepository* repository,
             storage::InteractionRepository* log, Policies* policies,
             Clock* clock, std::string worker, ChannelAdapters adapters,
             absl::Duration claim_lease = absl::Minutes(5),
             absl::Duration retry_delay = absl::Minutes(10));

  absl::StatusOr<DispatchTally> DispatchPending() override;

  // Sends the due reminders whose channels all have an adapter, and those
  // whose claim by a dead worker expired: each at most once, each message's
  // reminders claimed right before it is delivered. Returns what was sent.
  // Storage errors.
  absl::StatusOr<DispatchTally> DispatchAll();

  // Whether every channel of `reminder` has an adapter.
  bool CanSend(const storage::ReminderRecord& reminder) const;

  // Sends one reminder if it is dispatchable and its channels have adapters;
  // returns it as it is after. NOT_FOUND.
  absl::StatusOr<storage::ReminderRecord> DispatchOne(std::int64_t id);

 private:
  absl::StatusOr<DispatchTally> DispatchPass(const PolicyBook& book);
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
