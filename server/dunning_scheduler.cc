#include "server/dunning_scheduler.h"

#include <cstddef>

#include "absl/time/clock.h"
#include "server/logging.h"

namespace relance {

DunningScheduler::DunningScheduler(DunningEngine* engine,
                                   Dispatcher* dispatcher,
                                   absl::Duration interval)
    : engine_(engine), dispatcher_(dispatcher), interval_(interval) {}

DunningScheduler::~DunningScheduler() { Stop(); }

void DunningScheduler::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void DunningScheduler::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void DunningScheduler::Loop() {
  while (true) {
    RunOnce();
    absl::MutexLock lock(&mutex_);
    // Wakes up early only to stop.
    mutex_.AwaitWithTimeout(absl::Condition(&stopping_), interval_);
    if (stopping_) return;
  }
}

void DunningScheduler::RunOnce() {
  const absl::Time start = absl::Now();
  absl::StatusOr<DunningEngine::Result> result = engine_->RunNow();
  if (!result.ok()) {
    LogWarning("dunning run failed: %s", result.status().ToString());
    return;
  }
  absl::StatusOr<int> sent = dispatcher_->DispatchAll();
  if (!sent.ok()) {
    LogWarning("dispatching reminders failed: %s", sent.status().ToString());
  }
  if (!result->actions.empty() || (sent.ok() && *sent > 0)) {
    LogInfo("dunning run: %d invoices examined, %d actions, %d sent, %s",
            static_cast<int>(result->invoices_examined),
            static_cast<int>(result->actions.size()), sent.ok() ? *sent : 0,
            absl::FormatDuration(absl::Now() - start));
  }
}

}  // namespace relance
