#ifndef RELANCE_SERVER_DOMAIN_AUTH_THROTTLE_H_
#define RELANCE_SERVER_DOMAIN_AUTH_THROTTLE_H_

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "storage/base/clock.h"

namespace relance {

// Failed authentications per peer address, so that someone guessing tokens
// is seen and slowed: a peer that failed `max_failures` times within
// `window` is refused, whatever token it sends, until its oldest failure in
// the window is `window` old. Thread-safe.
class AuthThrottle {
 public:
  struct Options {
    // 0 disables throttling (failures are still counted and logged).
    int max_failures = 20;
    absl::Duration window = absl::Minutes(1);
  };

  AuthThrottle(Clock* clock, Options options)
      : clock_(clock), options_(options) {}

  // "ipv4:203.0.113.7:51234" -> "203.0.113.7", "ipv6:[::1]:443" -> "[::1]":
  // the address without the port, which changes with every connection.
  static std::string AddressOf(absl::string_view peer);

  absl::Duration window() const { return options_.window; }

  // UNAUTHENTICATED naming the wait when `address` is throttled; OK
  // otherwise.
  absl::Status Admit(absl::string_view address);
  // Counts a failed authentication of `address`; returns the failures it had
  // within the window, this one included.
  int RecordFailure(absl::string_view address);

 private:
  struct Failures {
    // Within the window, oldest first; at most max_failures kept.
    std::vector<absl::Time> times;
  };
  void ForgetOld(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  Clock* clock_;
  const Options options_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Failures> failures_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_AUTH_THROTTLE_H_
