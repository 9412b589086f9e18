#include "server/notifications/event_hub.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace relance::notifications {
namespace {

// The follower's shortest wait, so that a heartbeat due "now" on many
// subscriptions cannot make it spin.
constexpr absl::Duration kMinimumWait = absl::Milliseconds(1);

bool Contains(const std::vector<std::string>& values, const std::string& v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

Subscription::Subscription(EventHub* hub, SubscriptionFilter filter,
                           SubscriptionSink* sink, int capacity)
    : hub_(hub),
      filter_(std::move(filter)),
      capacity_(std::max(capacity, 1)),
      sink_(sink),
      last_queued_(filter_.after_sequence),
      safe_position_(filter_.after_sequence),
      last_queued_time_(absl::Now()),
      delivered_(filter_.after_sequence),
      replay_target_(filter_.after_sequence) {}

bool Subscription::Matches(const storage::EventRecord& event) const {
  if (!filter_.kinds.empty() && !Contains(filter_.kinds, event.kind)) {
    return false;
  }
  if (!filter_.client_ids.empty() &&
      std::find(filter_.client_ids.begin(), filter_.client_ids.end(),
                event.client_id) == filter_.client_ids.end()) {
    return false;
  }
  return !filter_.owner.has_value() || event.client_owner == *filter_.owner;
}

bool Subscription::PushLocked(Notice notice) {
  if (phase_ == Phase::kEnded) return false;
  if (notice.event.has_value()) {
    // A client may resume ahead of this replica's hub, and a replay page may
    // overlap what went live: what was queued once is never queued again.
    if (notice.sequence <= last_queued_) return false;
    last_queued_ = notice.sequence;
  }
  if (static_cast<int>(queue_.size()) >= capacity_) {
    EndLocked(absl::StatusCode::kAborted, "subscriber fell behind");
    return true;
  }
  last_queued_time_ = absl::Now();
  queue_.push_back(std::move(notice));
  return true;
}

void Subscription::EndLocked(absl::StatusCode code, std::string why) {
  if (phase_ == Phase::kEnded) return;
  phase_ = Phase::kEnded;
  end_code_ = code;
  end_reason_ = std::move(why);
  queue_.clear();
}

void Subscription::WakeSink() {
  absl::MutexLock lock(&sink_mutex_);
  if (sink_ != nullptr) sink_->Wake();
}

Subscription::Next Subscription::Pop() {
  Next next;
  bool resume_replay = false;
  {
    absl::MutexLock lock(&mutex_);
    if (phase_ == Phase::kEnded) {
      next.end = absl::Status(
          end_code_,
          absl::StrCat(end_reason_, "; resume after sequence ", delivered_));
      return next;
    }
    if (queue_.empty()) return next;
    next.notice = std::move(queue_.front());
    queue_.pop_front();
    delivered_ = std::max(delivered_, next.notice->sequence);
    // The replay reads its next page only when the reader has drained half
    // of the queue: the pace is the reader's.
    if (replay_waiting_for_room_ &&
        static_cast<int>(queue_.size()) <= capacity_ / 2) {
      replay_waiting_for_room_ = false;
      resume_replay = true;
    }
  }
  if (resume_replay) hub_->ScheduleReplay(shared_from_this());
  return next;
}

void Subscription::Close() {
  {
    absl::MutexLock lock(&sink_mutex_);
    sink_ = nullptr;
  }
  hub_->Forget(this);
}

EventHub::EventHub(storage::EventRepository* events,
                   storage::EventSignal* signal, HubOptions options)
    : events_(events), signal_(signal), options_(std::move(options)) {}

EventHub::~EventHub() { Shutdown(); }

absl::Status EventHub::StartLocked() {
  if (started_) return absl::OkStatus();
  // Read before the last sequence, so that any commit after that read
  // changes the generation the follower first waits on.
  const std::uint64_t generation =
      signal_ != nullptr ? signal_->generation() : 0;
  absl::StatusOr<std::int64_t> last = events_->LastSequence();
  if (!last.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot follow the events: ", last.status().message()));
  }
  position_ = *last;
  started_ = true;
  follower_ = std::thread([this, generation] { FollowerLoop(generation); });
  for (int i = 0; i < std::max(options_.replay_threads, 1); ++i) {
    replayers_.emplace_back([this] { ReplayLoop(); });
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<Subscription>> EventHub::Subscribe(
    SubscriptionFilter filter, SubscriptionSink* sink) {
  std::shared_ptr<Subscription> subscription;
  {
    absl::MutexLock lock(&mutex_);
    if (stopping_) {
      return absl::UnavailableError(
          absl::StrCat("server shutting down; resume after sequence ",
                       filter.after_sequence));
    }
    if (absl::Status started = StartLocked(); !started.ok()) return started;
    subscription = std::make_shared<Subscription>(this, std::move(filter), sink,
                                                  options_.queue_capacity);
    absl::MutexLock sub_lock(&subscription->mutex_);
    subscription->PushLocked({.sequence = subscription->filter_.after_sequence,
                              .time = absl::Now()});
    subscriptions_.insert(subscription);
  }
  subscription->WakeSink();
  ScheduleReplay(subscription);
  return subscription;
}

void EventHub::ScheduleReplay(std::shared_ptr<Subscription> subscription) {
  absl::MutexLock lock(&pool_mutex_);
  if (pool_stopping_) return;
  replays_.push_back(std::move(subscription));
}

void EventHub::ReplayLoop() {
  while (true) {
    std::shared_ptr<Subscription> subscription;
    {
      absl::MutexLock lock(&pool_mutex_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(pool_mutex_) {
        return pool_stopping_ || !replays_.empty();
      };
      pool_mutex_.Await(absl::Condition(&ready));
      if (pool_stopping_) return;
      subscription = std::move(replays_.front());
      replays_.pop_front();
    }
    ReplayStep(subscription);
  }
}

void EventHub::ReplayStep(const std::shared_ptr<Subscription>& subscription) {
  storage::EventFilter filter;
  int limit = 0;
  {
    // Joining the live stream without a gap: every event up to the hub's
    // position is replayed from the database; when the replay has reached the
    // position and the hub has not moved, the subscription turns live under
    // the hub's lock, so the follower hands it everything after.
    absl::MutexLock lock(&mutex_);
    absl::MutexLock sub_lock(&subscription->mutex_);
    if (subscription->phase_ != Subscription::Phase::kReplaying) return;
    if (subscription->replay_target_ >= position_) {
      subscription->phase_ = Subscription::Phase::kLive;
      subscription->safe_position_ =
          std::max(subscription->safe_position_, position_);
      return;
    }
    const int room =
        subscription->capacity_ - static_cast<int>(subscription->queue_.size());
    if (room < std::max(1, std::min(options_.page_size,
                                    subscription->capacity_ / 2))) {
      subscription->replay_waiting_for_room_ = true;
      return;
    }
    limit = std::min(room, options_.page_size);
    filter.after_sequence = subscription->replay_target_;
    filter.up_to_sequence = position_;
    filter.client_ids = subscription->filter_.client_ids;
    filter.owner = subscription->filter_.owner;
    filter.kinds = subscription->filter_.kinds;
  }
  absl::StatusOr<std::vector<storage::EventRecord>> page =
      events_->List(filter, limit);
  bool wake = false;
  {
    absl::MutexLock lock(&mutex_);
    absl::MutexLock sub_lock(&subscription->mutex_);
    if (subscription->phase_ != Subscription::Phase::kReplaying) return;
    if (!page.ok()) {
      ReportError(page.status());
      subscription->EndLocked(
          absl::StatusCode::kUnavailable,
          absl::StrCat("cannot read past events: ", page.status().message()));
      subscriptions_.erase(subscription);
      wake = true;
    } else {
      for (storage::EventRecord& event : *page) {
        const std::int64_t sequence = event.sequence;
        wake |= subscription->PushLocked(
            {.event = std::move(event), .sequence = sequence});
      }
      // A short page means everything up to the snapshot has been read.
      subscription->replay_target_ = static_cast<int>(page->size()) < limit
                                         ? *filter.up_to_sequence
                                         : page->back().sequence;
      subscription->safe_position_ =
          std::max(subscription->safe_position_, subscription->replay_target_);
    }
  }
  if (wake) subscription->WakeSink();
  if (page.ok()) ScheduleReplay(subscription);
}

void EventHub::FollowerLoop(std::uint64_t generation) {
  absl::Duration wait = LongestWait();
  while (true) {
    if (signal_ != nullptr) {
      generation = signal_->WaitFor(generation, wait);
    }
    {
      absl::MutexLock lock(&mutex_);
      if (signal_ == nullptr) {
        auto stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
          return stopping_;
        };
        mutex_.AwaitWithTimeout(absl::Condition(&stopping), wait);
      }
      if (stopping_) return;
    }
    wait = FollowOnce();
  }
}

absl::Duration EventHub::FollowOnce() {
  std::int64_t position;
  {
    absl::MutexLock lock(&mutex_);
    position = position_;
  }
  std::vector<std::shared_ptr<Subscription>> to_wake;
  // Only this thread moves position_, so reading past it unlocked is safe;
  // fanning out and moving it happen together under the lock.
  while (true) {
    absl::StatusOr<std::vector<storage::EventRecord>> page =
        events_->List({.after_sequence = position}, options_.page_size);
    if (!page.ok()) {
      ReportError(page.status());
      break;
    }
    if (page->empty()) break;
    absl::MutexLock lock(&mutex_);
    for (const std::shared_ptr<Subscription>& subscription : subscriptions_) {
      absl::MutexLock sub_lock(&subscription->mutex_);
      if (subscription->phase_ != Subscription::Phase::kLive) continue;
      bool pushed = false;
      for (const storage::EventRecord& event : *page) {
        if (!subscription->Matches(event)) continue;
        pushed |= subscription->PushLocked(
            {.event = event, .sequence = event.sequence});
        if (subscription->phase_ == Subscription::Phase::kEnded) break;
      }
      // A subscription that resumed ahead of this hub keeps its position.
      subscription->safe_position_ =
          std::max(subscription->safe_position_, page->back().sequence);
      if (pushed) to_wake.push_back(subscription);
    }
    position = position_ = page->back().sequence;
    if (static_cast<int>(page->size()) < options_.page_size) break;
  }

  // Heartbeats for quiet subscriptions, and the wait until the next is due.
  const absl::Time now = absl::Now();
  absl::Duration wait = LongestWait();
  {
    absl::MutexLock lock(&mutex_);
    for (auto it = subscriptions_.begin(); it != subscriptions_.end();) {
      const std::shared_ptr<Subscription>& subscription = *it;
      absl::MutexLock sub_lock(&subscription->mutex_);
      if (subscription->phase_ != Subscription::Phase::kEnded) {
        const absl::Time due =
            subscription->last_queued_time_ + options_.heartbeat_interval;
        if (due <= now) {
          subscription->PushLocked(
              {.sequence = subscription->safe_position_, .time = now});
          to_wake.push_back(subscription);
        }
        wait = std::min(wait, subscription->last_queued_time_ +
                                  options_.heartbeat_interval - now);
      }
      if (subscription->phase_ == Subscription::Phase::kEnded) {
        // Cut off: the hub lets go; the reader still holds it to learn why.
        subscriptions_.erase(it++);
      } else {
        ++it;
      }
    }
  }
  for (const std::shared_ptr<Subscription>& subscription : to_wake) {
    subscription->WakeSink();
  }
  return std::max(wait, kMinimumWait);
}

void EventHub::Forget(Subscription* subscription) {
  absl::MutexLock lock(&mutex_);
  absl::MutexLock sub_lock(&subscription->mutex_);
  subscription->EndLocked(absl::StatusCode::kCancelled, "closed");
  // The set holds shared pointers; find this one by address.
  for (auto it = subscriptions_.begin(); it != subscriptions_.end(); ++it) {
    if (it->get() == subscription) {
      subscriptions_.erase(it);
      break;
    }
  }
}

void EventHub::Shutdown() {
  std::vector<std::shared_ptr<Subscription>> ended;
  {
    absl::MutexLock lock(&mutex_);
    if (stopping_) return;
    stopping_ = true;
    for (const std::shared_ptr<Subscription>& subscription : subscriptions_) {
      absl::MutexLock sub_lock(&subscription->mutex_);
      subscription->EndLocked(absl::StatusCode::kUnavailable,
                              "server shutting down");
      ended.push_back(subscription);
    }
    subscriptions_.clear();
  }
  {
    absl::MutexLock lock(&pool_mutex_);
    pool_stopping_ = true;
    replays_.clear();
  }
  // A spurious notification is harmless: it only makes the follower look.
  if (signal_ != nullptr) signal_->Notify();
  if (follower_.joinable()) follower_.join();
  for (std::thread& replayer : replayers_) replayer.join();
  replayers_.clear();
  for (const std::shared_ptr<Subscription>& subscription : ended) {
    subscription->WakeSink();
  }
}

absl::Duration EventHub::LongestWait() const {
  // A subscription made while the follower waits has its first heartbeat due
  // one interval later: waking at least that often keeps it on time.
  return std::min(options_.poll_interval, options_.heartbeat_interval);
}

void EventHub::ReportError(const absl::Status& status) {
  if (options_.log_error) options_.log_error(status);
}

}  // namespace relance::notifications
