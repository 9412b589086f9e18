#ifndef RELANCE_TESTS_SERVER_RECORDING_CHANNEL_H_
#define RELANCE_TESTS_SERVER_RECORDING_CHANNEL_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/domain/dispatch.h"
#include "storage/interfaces/interactions.h"

namespace relance::testing {

// A channel adapter that keeps what it was asked to send, standing in for the
// email, letter and SMS adapters. Failures can be scripted. Thread-safe.
class RecordingChannel final : public ChannelAdapter {
 public:
  struct Message {
    storage::Channel channel;
    std::vector<std::int64_t> reminder_ids;
    std::vector<std::string> invoice_numbers;
    // What each invoice still owed when the message went out.
    std::vector<std::int64_t> outstanding_minor;
  };

  absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) override {
    // A slow relay takes real time (a TLS handshake, a connection per
    // message); the dispatcher's claims must outlast it.
    if (const absl::Duration delay = delay_.load();
        delay > absl::ZeroDuration())
      absl::SleepFor(delay);
    absl::MutexLock lock(&mutex_);
    ++attempts_;
    if (!failures_.empty()) {
      absl::Status failure = failures_.front();
      failures_.pop_front();
      return failure;
    }
    Message message{channel, {}, {}, {}};
    for (const storage::ReminderContext& context : item.reminders) {
      message.reminder_ids.push_back(context.reminder.id);
      message.invoice_numbers.push_back(context.invoice.number);
      message.outstanding_minor.push_back(context.invoice.outstanding_minor());
    }
    storage::InteractionRecord sent;
    const storage::ReminderContext& first = item.reminders.front();
    if (!first.client.email.empty()) sent.recipients = {first.client.email};
    sent.subject = absl::StrCat("reminder ", first.reminder.id);
    sent.body_text = absl::StrJoin(message.invoice_numbers, ", ");
    delivered_.push_back(std::move(message));
    return sent;
  }

  // Each send takes this long, in real time.
  void SetDelay(absl::Duration delay) { delay_.store(delay); }

  // The next sends fail with these statuses, in order.
  void FailNext(absl::Status failure) {
    absl::MutexLock lock(&mutex_);
    failures_.push_back(std::move(failure));
  }

  std::vector<Message> delivered() {
    absl::MutexLock lock(&mutex_);
    return delivered_;
  }
  int attempts() {
    absl::MutexLock lock(&mutex_);
    return attempts_;
  }

  // Adapters for every channel a reminder can be sent on.
  ChannelAdapters AllChannels() {
    return {{storage::Channel::kEmail, this},
            {storage::Channel::kLetter, this},
            {storage::Channel::kRegisteredLetter, this},
            {storage::Channel::kSms, this}};
  }

 private:
  std::atomic<absl::Duration> delay_{absl::ZeroDuration()};
  absl::Mutex mutex_;
  std::deque<absl::Status> failures_ ABSL_GUARDED_BY(mutex_);
  std::vector<Message> delivered_ ABSL_GUARDED_BY(mutex_);
  int attempts_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_SERVER_RECORDING_CHANNEL_H_
