#ifndef RELANCE_SERVER_DUNNING_SCHEDULER_H_
#define RELANCE_SERVER_DUNNING_SCHEDULER_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "server/domain/dunning_engine.h"

namespace relance {

// Runs the dunning engine, which then dispatches, every `interval` on a thread
// of its own, until Stop(). Runs on several replicas are safe: the engine's
// batches skip the invoices another replica holds, and each reminder is
// planned and claimed once. The interval is measured on the monotonic clock:
// a step of the wall clock (NTP, an operator) neither stalls nor hurries the
// runs, whose dates and times the engine reads from the wall clock.
class DunningScheduler {
 public:
  DunningScheduler(DunningEngine* engine, absl::Duration interval);
  ~DunningScheduler();  // Stops.

  void Start();
  // Lets a run in progress finish its batch, then returns.
  void Stop();

 private:
  void Loop();
  void RunOnce();

  DunningEngine* engine_;
  absl::Duration interval_;
  // absl's timed waits take an absolute wall-clock deadline; the standard
  // condition variable waits for a duration on the steady clock.
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;  // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DUNNING_SCHEDULER_H_
