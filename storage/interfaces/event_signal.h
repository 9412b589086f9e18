#ifndef RELANCE_STORAGE_INTERFACES_EVENT_SIGNAL_H_
#define RELANCE_STORAGE_INTERFACES_EVENT_SIGNAL_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace relance::storage {

// Tells whoever follows the outbox that new events may have been committed:
// the database notifies it after each committed write transaction of this
// process, and on PostgreSQL whenever any connection (another replica's)
// commits events. A notification carries no event: the follower reads the
// outbox past what it has seen, and finds nothing when the write raised none.
// Thread-safe.
class EventSignal {
 public:
  // Counts one more notification and wakes the waiters.
  void Notify() {
    absl::MutexLock lock(&mutex_);
    ++generation_;
  }

  // Waits until the count of notifications differs from `seen` or `timeout`
  // passes, and returns the count then.
  std::uint64_t WaitFor(std::uint64_t seen, absl::Duration timeout) {
    absl::MutexLock lock(&mutex_);
    auto changed = [this, seen]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
      return generation_ != seen;
    };
    mutex_.AwaitWithTimeout(absl::Condition(&changed), timeout);
    return generation_;
  }

  std::uint64_t generation() const {
    absl::MutexLock lock(&mutex_);
    return generation_;
  }

 private:
  mutable absl::Mutex mutex_;
  std::uint64_t generation_ ABSL_GUARDED_BY(mutex_) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_EVENT_SIGNAL_H_
