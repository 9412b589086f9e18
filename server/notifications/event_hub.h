#ifndef RELANCE_SERVER_NOTIFICATIONS_EVENT_HUB_H_
#define RELANCE_SERVER_NOTIFICATIONS_EVENT_HUB_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/interfaces/event_signal.h"
#include "storage/interfaces/events.h"

// Live subscriptions to the outbox: one follower thread per process reads the
// events past what it has seen and hands them to every subscription that
// matches, each through a bounded queue that a slow reader cannot overflow
// without being cut off. No gRPC here: the service drains the queues.
namespace relance::notifications {

struct HubOptions {
  // Items a subscription may have waiting; one more cuts it off.
  int queue_capacity = 1000;
  // A subscription that has had nothing queued for this long gets a heartbeat.
  absl::Duration heartbeat_interval = absl::Seconds(15);
  // How long the follower waits for the signal before reading anyway: the
  // longest delay of an event committed by another replica when nothing
  // wakes this one.
  absl::Duration poll_interval = absl::Seconds(1);
  // Threads that replay the past of new subscriptions (database reads that
  // must block neither the follower nor gRPC's threads).
  int replay_threads = 2;
  // Events read per query.
  int page_size = 500;
  // Told of the failures the follower retries (a database gone for a while).
  std::function<void(const absl::Status&)> log_error;
};

// What a subscription wants: the storage filter's fields, without the range.
struct SubscriptionFilter {
  // Events with a greater sequence.
  std::int64_t after_sequence = 0;
  // Kinds' texts; all when empty.
  std::vector<std::string> kinds;
  // All the clients the caller may see when empty.
  std::vector<std::int64_t> client_ids;
  // Only the clients this user owns, if set (a sales rep's scope).
  std::optional<std::string> owner;
};

// One item of a subscription's stream.
struct Notice {
  // The event, or nullopt for a heartbeat.
  std::optional<storage::EventRecord> event;
  // The event's sequence; for a heartbeat, the sequence up to which every
  // matching event has been queued before it.
  std::int64_t sequence = 0;
  // When a heartbeat was queued.
  absl::Time time;
};

// Implemented by whoever drains a subscription (the gRPC stream).
class SubscriptionSink {
 public:
  virtual ~SubscriptionSink() = default;
  // Items, or the end, may be waiting: call Subscription::Pop. Called from
  // the hub's threads with no hub lock held; must not call
  // Subscription::Close.
  virtual void Wake() = 0;
};

class EventHub;

// A subscriber's queue. Thread-safe.
class Subscription : public std::enable_shared_from_this<Subscription> {
 public:
  struct Next {
    // The next item, if one is waiting.
    std::optional<Notice> notice;
    // Set when the subscription has ended: ABORTED when its reader fell
    // behind, UNAVAILABLE when the hub shut down or could not read the past;
    // the message says which sequence to resume after.
    std::optional<absl::Status> end;
  };

  // The next item, or the end, or neither when the caller should wait for
  // Wake. A caller pops the next item only once it has delivered the
  // previous one: the end's "resume after" names the last item popped.
  Next Pop() ABSL_LOCKS_EXCLUDED(mutex_);

  // The reader is gone: the hub forgets the subscription and never calls
  // the sink again once this returns.
  void Close() ABSL_LOCKS_EXCLUDED(mutex_, sink_mutex_);

  Subscription(EventHub* hub, SubscriptionFilter filter, SubscriptionSink* sink,
               int capacity);

 private:
  friend class EventHub;
  enum class Phase { kReplaying, kLive, kEnded };

  // Whether `event` passes the filter (the hub's live events are unfiltered).
  bool Matches(const storage::EventRecord& event) const;
  // Queues `notice` unless it is an event at or before the last queued one;
  // cuts the subscription off when the queue is full. Whether the sink needs
  // waking.
  bool PushLocked(Notice notice) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Ends the subscription with `code` (ABORTED or UNAVAILABLE) and `why`.
  void EndLocked(absl::StatusCode code, std::string why)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void WakeSink() ABSL_LOCKS_EXCLUDED(sink_mutex_, mutex_);

  EventHub* const hub_;
  const SubscriptionFilter filter_;
  const int capacity_;

  // Held while calling the sink, so that Close can detach it safely.
  absl::Mutex sink_mutex_ ABSL_ACQUIRED_BEFORE(mutex_);
  SubscriptionSink* sink_ ABSL_GUARDED_BY(sink_mutex_);

  absl::Mutex mutex_;
  Phase phase_ ABSL_GUARDED_BY(mutex_) = Phase::kReplaying;
  std::deque<Notice> queue_ ABSL_GUARDED_BY(mutex_);
  // The sequence of the last event queued (or after_sequence).
  std::int64_t last_queued_ ABSL_GUARDED_BY(mutex_);
  // Every matching event up to here has been queued.
  std::int64_t safe_position_ ABSL_GUARDED_BY(mutex_);
  // When the last item was queued, for heartbeats.
  absl::Time last_queued_time_ ABSL_GUARDED_BY(mutex_);
  // The sequence of the last item popped: what the reader has.
  std::int64_t delivered_ ABSL_GUARDED_BY(mutex_);
  // Why it ended, without the "resume after" that Pop adds.
  absl::StatusCode end_code_ ABSL_GUARDED_BY(mutex_) = absl::StatusCode::kOk;
  std::string end_reason_ ABSL_GUARDED_BY(mutex_);
  // Replay: read up to `replay_target_`, waiting for room in the queue.
  std::int64_t replay_target_ ABSL_GUARDED_BY(mutex_) = 0;
  bool replay_waiting_for_room_ ABSL_GUARDED_BY(mutex_) = false;
};

// Follows the outbox and fans its events out to subscriptions. Threads start
// with the first subscription. Thread-safe.
class EventHub {
 public:
  // `events` and `signal` (may be null: the follower then polls) must
  // outlive the hub.
  EventHub(storage::EventRepository* events, storage::EventSignal* signal,
           HubOptions options);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // A subscription that first queues a heartbeat, then replays the past
  // events matching `filter` and follows live ones. UNAVAILABLE after
  // Shutdown, or when the outbox cannot be read to start following it.
  absl::StatusOr<std::shared_ptr<Subscription>> Subscribe(
      SubscriptionFilter filter, SubscriptionSink* sink)
      ABSL_LOCKS_EXCLUDED(mutex_);

  // Ends every subscription with UNAVAILABLE, refuses new ones and stops the
  // threads. Idempotent.
  void Shutdown() ABSL_LOCKS_EXCLUDED(mutex_);

  const HubOptions& options() const { return options_; }

 private:
  friend class Subscription;

  // Reads the last sequence and starts the threads, once.
  absl::Status StartLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Follows the outbox until Shutdown; `generation` is the signal's count
  // when the last sequence was read.
  void FollowerLoop(std::uint64_t generation);
  // Reads what was committed past position_ and fans it out; the wait until
  // the next heartbeat is due.
  absl::Duration FollowOnce();
  void ReplayLoop();
  // One page of `subscription`'s replay, or its turn to live.
  void ReplayStep(const std::shared_ptr<Subscription>& subscription);
  void ScheduleReplay(std::shared_ptr<Subscription> subscription)
      ABSL_LOCKS_EXCLUDED(pool_mutex_);
  void Forget(Subscription* subscription) ABSL_LOCKS_EXCLUDED(mutex_);
  void ReportError(const absl::Status& status);
  // How long the follower may wait before it looks again: the poll interval,
  // at most a heartbeat interval.
  absl::Duration LongestWait() const;

  storage::EventRepository* const events_;
  storage::EventSignal* const signal_;
  const HubOptions options_;

  absl::Mutex mutex_ ABSL_ACQUIRED_BEFORE(Subscription::mutex_);
  bool started_ ABSL_GUARDED_BY(mutex_) = false;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  // Every event up to here has been handed to the live subscriptions.
  std::int64_t position_ ABSL_GUARDED_BY(mutex_) = 0;
  absl::flat_hash_set<std::shared_ptr<Subscription>> subscriptions_
      ABSL_GUARDED_BY(mutex_);

  absl::Mutex pool_mutex_;
  std::deque<std::shared_ptr<Subscription>> replays_
      ABSL_GUARDED_BY(pool_mutex_);
  bool pool_stopping_ ABSL_GUARDED_BY(pool_mutex_) = false;

  std::thread follower_;
  std::vector<std::thread> replayers_;
};

}  // namespace relance::notifications

#endif  // RELANCE_SERVER_NOTIFICATIONS_EVENT_HUB_H_
