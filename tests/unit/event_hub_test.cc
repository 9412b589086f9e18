// The notification hub over an in-memory outbox, and the words events are
// told in.

#include "server/notifications/event_hub.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/notifications/event_text.h"
#include "storage/interfaces/event_signal.h"
#include "storage/interfaces/events.h"

namespace relance::notifications {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr absl::Duration kPatience = absl::Seconds(20);

// An outbox in memory; filters as the SQL repository does.
class MemoryEvents final : public storage::EventRepository {
 public:
  std::int64_t Add(std::int64_t client_id, std::string owner = "alice") {
    absl::MutexLock lock(&mutex_);
    storage::EventRecord event;
    event.sequence = static_cast<std::int64_t>(events_.size()) + 1;
    event.kind = "note";
    event.client_id = client_id;
    event.client_owner = std::move(owner);
    events_.push_back(event);
    return event.sequence;
  }

  absl::StatusOr<std::vector<storage::EventRecord>> List(
      const storage::EventFilter& filter, int limit) override {
    absl::MutexLock lock(&mutex_);
    std::vector<storage::EventRecord> found;
    for (const storage::EventRecord& event : events_) {
      if (static_cast<int>(found.size()) >= limit) break;
      if (event.sequence <= filter.after_sequence) continue;
      if (filter.up_to_sequence.has_value() &&
          event.sequence > *filter.up_to_sequence) {
        continue;
      }
      if (!filter.client_ids.empty() &&
          std::find(filter.client_ids.begin(), filter.client_ids.end(),
                    event.client_id) == filter.client_ids.end()) {
        continue;
      }
      if (filter.owner.has_value() && *filter.owner != event.client_owner) {
        continue;
      }
      found.push_back(event);
    }
    return found;
  }

  absl::StatusOr<std::int64_t> LastSequence() override {
    absl::MutexLock lock(&mutex_);
    return static_cast<std::int64_t>(events_.size());
  }

 private:
  absl::Mutex mutex_;
  std::vector<storage::EventRecord> events_ ABSL_GUARDED_BY(mutex_);
};

// Counts wake-ups; the test pops when it wants, like a reader that is slow
// or quick at will.
class CountingSink final : public SubscriptionSink {
 public:
  void Wake() override {
    absl::MutexLock lock(&mutex_);
    ++wakes_;
  }

  // Pops until `subscription` has no item ready, waiting for a wake-up when
  // it has none yet and fewer than `count` events were read.
  std::vector<std::int64_t> ReadEvents(Subscription& subscription,
                                       std::size_t count,
                                       std::optional<absl::Status>* end) {
    std::vector<std::int64_t> events;
    while (events.size() < count) {
      int seen;
      {
        absl::MutexLock lock(&mutex_);
        seen = wakes_;
      }
      Subscription::Next next = subscription.Pop();
      if (next.end.has_value()) {
        *end = next.end;
        break;
      }
      if (next.notice.has_value()) {
        if (next.notice->event.has_value()) {
          events.push_back(next.notice->sequence);
        }
        continue;
      }
      absl::MutexLock lock(&mutex_);
      auto woken = [this, seen]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
        return wakes_ != seen;
      };
      if (!mutex_.AwaitWithTimeout(absl::Condition(&woken), kPatience)) break;
    }
    return events;
  }

  // Waits for one more wake-up than `seen`.
  bool AwaitWake(int seen) {
    absl::MutexLock lock(&mutex_);
    auto woken = [this, seen]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
      return wakes_ > seen;
    };
    return mutex_.AwaitWithTimeout(absl::Condition(&woken), kPatience);
  }
  int wakes() {
    absl::MutexLock lock(&mutex_);
    return wakes_;
  }

 private:
  absl::Mutex mutex_;
  int wakes_ ABSL_GUARDED_BY(mutex_) = 0;
};

HubOptions QuietOptions(int capacity) {
  HubOptions options;
  options.queue_capacity = capacity;
  // Only the first heartbeat, and only the signal wakes the follower.
  options.heartbeat_interval = absl::Hours(1);
  options.poll_interval = absl::Hours(1);
  options.page_size = 3;
  return options;
}

TEST(EventHubTest, ReplayIsPacedByTheReaderAndJoinsLiveWithoutGap) {
  MemoryEvents events;
  storage::EventSignal signal;
  std::vector<std::int64_t> written;
  for (int i = 0; i < 20; ++i) written.push_back(events.Add(1));
  EventHub hub(&events, &signal, QuietOptions(4));
  CountingSink sink;
  absl::StatusOr<std::shared_ptr<Subscription>> subscription =
      hub.Subscribe({.after_sequence = 0}, &sink);
  ASSERT_TRUE(subscription.ok()) << subscription.status();

  // Twenty past events through a queue of four: the replay waits for room
  // instead of overflowing it.
  std::optional<absl::Status> end;
  std::vector<std::int64_t> read = sink.ReadEvents(**subscription, 20, &end);
  ASSERT_FALSE(end.has_value()) << *end;
  for (int i = 0; i < 3; ++i) written.push_back(events.Add(1));
  signal.Notify();
  std::vector<std::int64_t> live = sink.ReadEvents(**subscription, 3, &end);
  ASSERT_FALSE(end.has_value()) << *end;
  read.insert(read.end(), live.begin(), live.end());
  EXPECT_EQ(read, written);
  (*subscription)->Close();
}

TEST(EventHubTest, FullQueueCutsOffWithTheLastDeliveredSequence) {
  MemoryEvents events;
  storage::EventSignal signal;
  EventHub hub(&events, &signal, QuietOptions(4));
  CountingSink sink;
  absl::StatusOr<std::shared_ptr<Subscription>> subscription =
      hub.Subscribe({.after_sequence = 0}, &sink);
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  std::optional<absl::Status> end;
  // The first heartbeat, then one event read.
  events.Add(1);
  signal.Notify();
  ASSERT_THAT(sink.ReadEvents(**subscription, 1, &end), ElementsAre(1));

  // Five more than nobody reads: the fifth finds the queue full.
  const int seen = sink.wakes();
  for (int i = 0; i < 5; ++i) events.Add(1);
  signal.Notify();
  ASSERT_TRUE(sink.AwaitWake(seen));
  Subscription::Next next = (*subscription)->Pop();
  ASSERT_TRUE(next.end.has_value());
  EXPECT_EQ(next.end->code(), absl::StatusCode::kAborted);
  EXPECT_THAT(next.end->message(),
              HasSubstr("fell behind; resume after sequence 1"));
  (*subscription)->Close();
}

TEST(EventHubTest, ScopesByOwnerAndClient) {
  MemoryEvents events;
  storage::EventSignal signal;
  const std::int64_t alices = events.Add(1, "alice");
  events.Add(2, "bob");
  EventHub hub(&events, &signal, QuietOptions(100));
  CountingSink sink;
  absl::StatusOr<std::shared_ptr<Subscription>> subscription = hub.Subscribe(
      {.after_sequence = 0, .client_ids = {1, 2}, .owner = "alice"}, &sink);
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  events.Add(2, "bob");
  const std::int64_t alices_live = events.Add(1, "alice");
  signal.Notify();
  std::optional<absl::Status> end;
  EXPECT_THAT(sink.ReadEvents(**subscription, 2, &end),
              ElementsAre(alices, alices_live));
  (*subscription)->Close();
}

TEST(EventHubTest, ShutdownEndsSubscriptionsAndRefusesNewOnes) {
  MemoryEvents events;
  storage::EventSignal signal;
  events.Add(1);
  EventHub hub(&events, &signal, QuietOptions(100));
  CountingSink sink;
  absl::StatusOr<std::shared_ptr<Subscription>> subscription =
      hub.Subscribe({.after_sequence = 0}, &sink);
  ASSERT_TRUE(subscription.ok()) << subscription.status();
  std::optional<absl::Status> end;
  ASSERT_THAT(sink.ReadEvents(**subscription, 1, &end), ElementsAre(1));

  hub.Shutdown();
  Subscription::Next next = (*subscription)->Pop();
  ASSERT_TRUE(next.end.has_value());
  EXPECT_EQ(next.end->code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(next.end->message(),
              HasSubstr("shutting down; resume after sequence 1"));
  absl::StatusOr<std::shared_ptr<Subscription>> late =
      hub.Subscribe({.after_sequence = 7}, &sink);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(late.status().message(), HasSubstr("resume after sequence 7"));
  (*subscription)->Close();
}

storage::EventRecord Event(std::string kind) {
  storage::EventRecord event;
  event.kind = std::move(kind);
  event.client_id = 4;
  event.client_name = "ACME";
  event.invoice_id = 9;
  event.invoice_number = "F-1";
  return event;
}

TEST(EventTextTest, DateIsWhenItHappenedOrWhenTheMoneyIsDue) {
  storage::EventRecord payment = Event("payment_received");
  payment.amount = {"EUR", 18900};
  payment.day = absl::CivilDay(2026, 11, 22);
  EXPECT_EQ(DescribeEvent(payment).summary,
            "Payment received for ACME, invoice F-1 (189.00 EUR on "
            "2026-11-22)");
  storage::EventRecord promise = Event("promise_made");
  promise.amount = {"EUR", 90000};
  promise.day = absl::CivilDay(2026, 12, 4);
  EXPECT_EQ(DescribeEvent(promise).summary,
            "Promise to pay for ACME, invoice F-1 (900.00 EUR by 2026-12-04)");
}

TEST(EventTextTest, SummaryTellsWhatHappenedWithAmountAndInvoice) {
  storage::EventRecord due = Event(storage::event_kind::kReminderDue);
  due.amount = {"EUR", 120000};
  due.detail = "relance-2 by email";
  const EventText text = DescribeEvent(due);
  EXPECT_EQ(text.summary,
            "Reminder due for ACME, invoice F-1 (1200.00 EUR): relance-2 by "
            "email");
  EXPECT_EQ(text.action, "");
}

TEST(EventTextTest, ActionsSayWhatToDo) {
  storage::EventRecord task = Event(storage::event_kind::kTaskAssigned);
  task.assignee = "alice";
  EXPECT_EQ(DescribeEvent(task).action, "call ACME about invoice F-1");
  EXPECT_THAT(DescribeEvent(task).summary, HasSubstr("for alice"));

  EXPECT_EQ(DescribeEvent(Event(storage::event_kind::kReminderFailed)).action,
            "check the contact details of ACME");

  storage::EventRecord broken = Event("promise_broken");
  broken.amount = {"EUR", 50000};
  broken.day = absl::CivilDay(2026, 3, 10);
  EXPECT_EQ(DescribeEvent(broken).action,
            "call ACME: promise of 500.00 EUR due 2026-03-10 broken");

  storage::EventRecord missed = Event("instalment_missed");
  missed.day = absl::CivilDay(2026, 4, 1);
  EXPECT_EQ(DescribeEvent(missed).action,
            "call ACME: instalment due 2026-04-01 missed");
  EXPECT_THAT(DescribeEvent(Event("dispute_deadline_passed")).action,
              HasSubstr("dispute of ACME about invoice F-1"));
  EXPECT_EQ(DescribeEvent(Event("note")).action, "");
}

}  // namespace
}  // namespace relance::notifications
