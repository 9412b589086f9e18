#ifndef RELANCE_TESTS_TESTING_LATENCY_RELAY_H_
#define RELANCE_TESTS_TESTING_LATENCY_RELAY_H_

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace relance::testing {

// A TCP relay on a loopback port in front of 127.0.0.1:`target_port` that
// holds back every chunk the target sends for `delay`: a distant or congested
// link, as a client across a WAN or a phone network sees its server. What the
// client sends goes through at once.
class LatencyRelay {
 public:
  // INTERNAL when the listening socket cannot be made.
  static absl::StatusOr<std::unique_ptr<LatencyRelay>> Start(
      int target_port, std::chrono::milliseconds delay);
  // Closes every connection and waits for the relay's threads.
  ~LatencyRelay();

  LatencyRelay(const LatencyRelay&) = delete;
  LatencyRelay& operator=(const LatencyRelay&) = delete;

  // The loopback port clients connect to.
  int port() const { return port_; }

 private:
  LatencyRelay(int listener, int port, int target_port,
               std::chrono::milliseconds delay);
  void AcceptLoop();
  // Copies from `from` to `to`, waiting `delay` before each chunk, until
  // `from` ends; then ends the writing half of `to`.
  static void Pump(int from, int to, std::chrono::milliseconds delay);

  const int listener_;
  const int port_;
  const int target_port_;
  const std::chrono::milliseconds delay_;
  absl::Mutex mutex_;
  std::vector<int> sockets_ ABSL_GUARDED_BY(mutex_);
  std::vector<std::thread> pumps_ ABSL_GUARDED_BY(mutex_);
  std::thread acceptor_;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_LATENCY_RELAY_H_
