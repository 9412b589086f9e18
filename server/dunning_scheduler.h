#ifndef RELANCE_SERVER_DUNNING_SCHEDULER_H_
#define RELANCE_SERVER_DUNNING_SCHEDULER_H_

#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/domain/dunning_engine.h"

namespace relance {

// Runs the dunning engine, which then dispatches, every `interval` on a thread
// of its own, until Stop(). Runs on several replicas are safe: the engine's
// batches skip the invoices another replica holds, and each reminder is
// planned and claimed once.
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
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DUNNING_SCHEDULER_H_
